import Fastify from "fastify";
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from "fastify-type-provider-zod";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { collectRouteAccess, requireRole } from "./auth.ts";
import { installErrorHandler } from "./errors.ts";

/** A route written the old way (auth as preHandler) still authenticates before parsing and validation. */
describe("collectRouteAccess", () => {
  it("moves an auth hook named as preHandler or preValidation into onRequest, and records its role", async () => {
    const app = Fastify();
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    installErrorHandler(app);
    const table = collectRouteAccess(app);
    const r = app.withTypeProvider<ZodTypeProvider>();
    const body = z.object({ name: z.string() });
    r.post("/a", { preHandler: requireRole([], "admin"), schema: { body } }, async () => ({ ok: true }));
    r.post("/b", { preValidation: [requireRole([], "agent")], schema: { body } }, async () => ({ ok: true }));
    r.post("/c", { schema: { body } }, async () => ({ ok: true }));
    await app.ready();
    expect(table).toEqual([
      { method: "POST", url: "/a", role: "admin" },
      { method: "POST", url: "/b", role: "agent" },
      { method: "POST", url: "/c", role: null },
    ]);
    for (const url of ["/a", "/b"]) {
      const invalid = await app.inject({ method: "POST", url, payload: { name: 42 } });
      expect({ url, status: invalid.statusCode }).toEqual({ url, status: 401 });
      const unparsable = await app.inject({
        method: "POST",
        url,
        headers: { "content-type": "application/json" },
        payload: "{",
      });
      expect({ url, status: unparsable.statusCode }).toEqual({ url, status: 401 });
    }
    expect((await app.inject({ method: "POST", url: "/c", payload: { name: 42 } })).statusCode).toBe(400);
    await app.close();
  });
});
