import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { extensionKind, extensionNumberTaken, type IvrAction, type IvrMenu } from "./admin-state.ts";
import { ivrMenuJson } from "./admin-views.ts";
import { accountRoute, baseUrl, type SimContext, viewContext } from "./context.ts";
import { rcErrors, sendRcError } from "./errors.ts";
import { parseMultipart } from "./multipart.ts";
import { noContent } from "./routes-admin-extensions.ts";
import { issueParameter } from "./routes-extensions.ts";

/** Prompt audio is capped; the vendor's own cap is UNCONFIRMED (the spec states none), so the sandbox picks 5 MB. */
export const PROMPT_MAX_BYTES = 5 * 1024 * 1024;

const INPUTS = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "Hash", "Star", "NoInput"] as const;
const ACTIONS = [
  "Connect",
  "Voicemail",
  "DialByName",
  "Transfer",
  "Repeat",
  "ReturnToRoot",
  "ReturnToPrevious",
  "Disconnect",
  "ReturnToTopLevelMenu",
  "DoNothing",
  "ConnectToOperator",
  "TransferToContactCenterNumber",
  "ConnectToIncomingCallRoutingSelection",
] as const;
const action = z.looseObject({
  input: z.enum(INPUTS),
  action: z.enum(ACTIONS),
  extension: z.looseObject({ id: z.string() }).optional(),
  phoneNumber: z.string().max(32).optional(),
});
const prompt = z.looseObject({
  mode: z.enum(["Audio", "TextToSpeech"]),
  text: z.string().max(1000).optional(),
  audio: z.looseObject({ id: z.string() }).optional(),
});
/** IvrMenuInfoCreate / IvrMenuInfoUpdate. */
const menuBody = z.looseObject({
  name: z.string().min(1).max(64).optional(),
  extensionNumber: z
    .string()
    .regex(/^\d{3,8}$/)
    .optional(),
  promptRepeatCount: z.union([z.literal(1), z.literal(2), z.literal(3)]).optional(),
  prompt: prompt.optional(),
  actions: z.array(action).max(INPUTS.length).optional(),
});
const promptUpdate = z.looseObject({ filename: z.string().min(1).max(255) });

/** IVR menus (doc §3.8: list/get/update Medium, create Heavy) and prompts (upload Heavy, multipart). */
export function registerIvrRoutes(app: FastifyInstance, ctx: SimContext): void {
  const checkMenu = (input: z.infer<typeof menuBody>, selfId?: string): string | undefined => {
    if (input.extensionNumber && extensionNumberTaken(ctx.admin, ctx.dir, input.extensionNumber, selfId)) {
      return "extensionNumber";
    }
    const inputs = new Set<string>();
    for (const a of input.actions ?? []) {
      if (inputs.has(a.input)) return "actions.input";
      inputs.add(a.input);
      if (a.extension && !extensionKind(ctx.admin, ctx.dir, a.extension.id)) return "actions.extension.id";
      if ((a.action === "Connect" || a.action === "Voicemail") && !a.extension) return "actions.extension";
    }
    if (input.prompt?.mode === "Audio" && input.prompt.audio && !ctx.admin.prompts.has(input.prompt.audio.id)) {
      return "prompt.audio.id";
    }
    return undefined;
  };
  const apply = (menu: IvrMenu, input: z.infer<typeof menuBody>) => {
    if (input.name !== undefined) menu.name = input.name;
    if (input.extensionNumber !== undefined) menu.extensionNumber = input.extensionNumber;
    if (input.promptRepeatCount !== undefined) menu.promptRepeatCount = input.promptRepeatCount;
    if (input.prompt) {
      menu.prompt = { mode: input.prompt.mode };
      if (input.prompt.text !== undefined) menu.prompt.text = input.prompt.text;
      if (input.prompt.audio) menu.prompt.audio = { id: input.prompt.audio.id };
    }
    if (input.actions) {
      menu.actions = input.actions.map((a) => {
        const out: IvrAction = { input: a.input, action: a.action };
        if (a.extension) out.extension = { id: a.extension.id };
        if (a.phoneNumber !== undefined) out.phoneNumber = a.phoneNumber;
        return out;
      });
    }
  };

  app.get("/restapi/v1.0/account/:accountId/ivr-menus", async (req, reply) => {
    if (!accountRoute(ctx, req, reply, "Medium")) return reply;
    const base = `${baseUrl(ctx, req)}/restapi/v1.0/account/${ctx.dir.accountId}/ivr-menus`;
    return {
      uri: base,
      records: [...ctx.admin.ivrMenus.values()].map((m) => ({
        id: m.id,
        uri: `${base}/${m.id}`,
        name: m.name,
        extensionNumber: m.extensionNumber,
      })),
    };
  });

  app.get("/restapi/v1.0/account/:accountId/ivr-menus/:ivrMenuId", async (req, reply) => {
    const route = accountRoute(ctx, req, reply, "Medium");
    if (!route) return reply;
    const menu = ctx.admin.ivrMenus.get(route.params.ivrMenuId ?? "");
    if (!menu) return rcErrors.notFound(reply, "ivrMenuId");
    return ivrMenuJson(viewContext(ctx, req), menu);
  });

  app.post("/restapi/v1.0/account/:accountId/ivr-menus", async (req, reply) => {
    if (!accountRoute(ctx, req, reply, "Heavy")) return reply;
    const body = menuBody.safeParse(req.body ?? {});
    if (!body.success) return rcErrors.invalidParameter(reply, issueParameter(body.error, "body"));
    if (!body.data.name) return rcErrors.missingParameter(reply, "name");
    const bad = checkMenu(body.data);
    if (bad) return rcErrors.invalidParameter(reply, bad);
    let number = body.data.extensionNumber;
    for (let n = 900; !number; n++) if (!extensionNumberTaken(ctx.admin, ctx.dir, String(n))) number = String(n);
    const id = ctx.admin.seq.extension.next();
    const menu: IvrMenu = {
      id,
      extensionNumber: number,
      name: body.data.name,
      promptRepeatCount: 1,
      prompt: { mode: "TextToSpeech", text: "" },
      actions: [],
    };
    apply(menu, body.data);
    ctx.admin.ivrMenus.set(id, menu);
    return ivrMenuJson(viewContext(ctx, req), menu);
  });

  app.put("/restapi/v1.0/account/:accountId/ivr-menus/:ivrMenuId", async (req, reply) => {
    const route = accountRoute(ctx, req, reply, "Medium");
    if (!route) return reply;
    const menu = ctx.admin.ivrMenus.get(route.params.ivrMenuId ?? "");
    if (!menu) return rcErrors.notFound(reply, "ivrMenuId");
    const body = menuBody.safeParse(req.body ?? {});
    if (!body.success) return rcErrors.invalidParameter(reply, issueParameter(body.error, "body"));
    const bad = checkMenu(body.data, menu.id);
    if (bad) return rcErrors.invalidParameter(reply, bad);
    apply(menu, body.data);
    return ivrMenuJson(viewContext(ctx, req), menu);
  });

  const promptJson = (base: string, p: { id: string; filename: string; contentType: string }) => {
    const uri = `${base}/restapi/v1.0/account/${ctx.dir.accountId}/ivr-prompts/${p.id}`;
    return { uri, id: p.id, contentType: p.contentType, contentUri: `${uri}/content`, filename: p.filename };
  };

  app.get("/restapi/v1.0/account/:accountId/ivr-prompts", async (req, reply) => {
    if (!accountRoute(ctx, req, reply, "Medium")) return reply;
    const base = baseUrl(ctx, req);
    const records = [...ctx.admin.prompts.values()].map((p) => promptJson(base, p));
    const uri = `${base}/restapi/v1.0/account/${ctx.dir.accountId}/ivr-prompts`;
    return {
      uri,
      records,
      paging: { page: 1, perPage: Math.max(1, records.length), totalPages: 1, totalElements: records.length },
      navigation: { firstPage: { uri }, lastPage: { uri } },
    };
  });

  app.get("/restapi/v1.0/account/:accountId/ivr-prompts/:promptId", async (req, reply) => {
    const route = accountRoute(ctx, req, reply, "Medium");
    const found = route && ctx.admin.prompts.get(route.params.promptId ?? "");
    if (!route) return reply;
    if (!found) return rcErrors.notFound(reply, "promptId");
    return promptJson(baseUrl(ctx, req), found);
  });

  app.get("/restapi/v1.0/account/:accountId/ivr-prompts/:promptId/content", async (req, reply) => {
    const route = accountRoute(ctx, req, reply, "Heavy", { queryToken: true });
    const found = route && ctx.admin.prompts.get(route.params.promptId ?? "");
    if (!route) return reply;
    if (!found) return rcErrors.notFound(reply, "promptId");
    return reply.type(found.contentType).send(found.bytes);
  });

  app.post(
    "/restapi/v1.0/account/:accountId/ivr-prompts",
    { bodyLimit: PROMPT_MAX_BYTES + 64 * 1024 },
    async (req, reply) => {
      if (!accountRoute(ctx, req, reply, "Heavy")) return reply;
      if (!Buffer.isBuffer(req.body)) return sendRcError(reply, 415, "CMN-104", "Cannot parse request");
      const parts = parseMultipart(req.body, req.headers["content-type"]);
      if (!parts) return sendRcError(reply, 400, "CMN-104", "Cannot parse request");
      const attachment = parts.find((p) => p.name === "attachment");
      if (!attachment || attachment.data.length === 0) return rcErrors.missingParameter(reply, "attachment");
      if (attachment.data.length > PROMPT_MAX_BYTES) return rcErrors.invalidParameter(reply, "attachment");
      const contentType = attachment.contentType ?? "";
      if (!/^audio\//i.test(contentType)) return rcErrors.invalidParameter(reply, "attachment");
      const name = parts.find((p) => p.name === "name")?.data.toString("utf8");
      const id = ctx.admin.seq.prompt.next();
      const stored = {
        id,
        filename: name || attachment.filename || `${id}.wav`,
        contentType,
        bytes: Buffer.from(attachment.data),
      };
      ctx.admin.prompts.set(id, stored);
      return promptJson(baseUrl(ctx, req), stored);
    },
  );

  app.put("/restapi/v1.0/account/:accountId/ivr-prompts/:promptId", async (req, reply) => {
    const route = accountRoute(ctx, req, reply, "Medium");
    const found = route && ctx.admin.prompts.get(route.params.promptId ?? "");
    if (!route) return reply;
    if (!found) return rcErrors.notFound(reply, "promptId");
    const body = promptUpdate.safeParse(req.body ?? {});
    if (!body.success) return rcErrors.invalidParameter(reply, issueParameter(body.error, "body"));
    found.filename = body.data.filename;
    return promptJson(baseUrl(ctx, req), found);
  });

  app.delete("/restapi/v1.0/account/:accountId/ivr-prompts/:promptId", async (req, reply) => {
    const route = accountRoute(ctx, req, reply, "Heavy");
    if (!route) return reply;
    if (!ctx.admin.prompts.delete(route.params.promptId ?? "")) return rcErrors.notFound(reply, "promptId");
    return noContent(reply);
  });
}
