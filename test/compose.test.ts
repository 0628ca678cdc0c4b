import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { z } from "zod";
import { configSchema } from "../src/config.ts";

/**
 * docker-compose.yml and the Dockerfile are never run here (no Docker engine), so this checks what can silently rot:
 * commands the CLI no longer has, variables nobody documented, and the start-up order of the services.
 */
const root = fileURLToPath(new URL("..", import.meta.url));
const read = (file: string) => readFileSync(path.join(root, file), "utf8");

const serviceSchema = z.looseObject({
  image: z.string().optional(),
  build: z.unknown().optional(),
  command: z.union([z.string(), z.array(z.string())]).optional(),
  env_file: z.union([z.string(), z.array(z.union([z.string(), z.looseObject({ path: z.string() })]))]).optional(),
  environment: z
    .union([z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])), z.array(z.string())])
    .optional(),
  depends_on: z
    .union([z.array(z.string()), z.record(z.string(), z.looseObject({ condition: z.string().optional() }))])
    .optional(),
  ports: z.array(z.union([z.string(), z.number(), z.looseObject({})])).optional(),
  healthcheck: z.looseObject({ disable: z.boolean().optional(), test: z.unknown().optional() }).optional(),
});
type Service = z.infer<typeof serviceSchema>;
const composeSchema = z.looseObject({ services: z.record(z.string(), serviceSchema) });

/** Commands from the USAGE text in src/main.ts: command name → its usage lines (which also list its flags). */
function usageCommands(mainSource: string): Map<string, string[]> {
  const usage = /const USAGE = `([\s\S]*?)`;/.exec(mainSource)?.[1] ?? "";
  const section = usage.split(/^Commands:\s*$/m)[1]?.split(/\n\s*\n/)[0] ?? "";
  const commands = new Map<string, string[]>();
  let current: string | undefined;
  for (const line of section.split("\n")) {
    // A command starts at the list's indentation; a deeper line (e.g. "[--settings <json>]") continues the last one.
    const name = /^ {2}([a-z][\w-]*)/.exec(line)?.[1];
    current = name ?? current;
    if (current && line.trim() !== "") commands.set(current, [...(commands.get(current) ?? []), line.trim()]);
  }
  return commands;
}

/** Names a compose value interpolates: `${VAR}`, `${VAR:-x}`, `${VAR:?msg}`, `$VAR`; `$$` is a literal dollar. */
function interpolatedNames(value: string): string[] {
  const unescaped = value.replaceAll("$$", "");
  return [...unescaped.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)].flatMap((m) => (m[1] ? [m[1]] : []));
}

const strings = (value: unknown): string[] => {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === "object") return Object.values(value).flatMap(strings);
  return [];
};

const words = (command: Service["command"]): string[] =>
  command === undefined ? [] : typeof command === "string" ? command.trim().split(/\s+/) : command;

const environmentKeys = (env: Service["environment"]): string[] =>
  env === undefined ? [] : Array.isArray(env) ? env.map((e) => e.split("=")[0] ?? e) : Object.keys(env);

const envFiles = (s: Service): string[] =>
  s.env_file === undefined ? [] : [s.env_file].flat().map((f) => (typeof f === "string" ? f : f.path));

const dependency = (s: Service, name: string): string | undefined =>
  Array.isArray(s.depends_on)
    ? s.depends_on.includes(name)
      ? "service_started"
      : undefined
    : s.depends_on?.[name]?.condition;

const compose = composeSchema.parse(parse(read("docker-compose.yml"), { merge: true }));
const services = compose.services;
const commands = usageCommands(read("src/main.ts"));
/** Services that run this repository's image (built here), as opposed to postgres. */
const ours = Object.entries(services).filter(([, s]) => s.build !== undefined || s.image === services.web?.image);

describe("docker-compose.yml", () => {
  it("reads the CLI's commands from src/main.ts", () => {
    expect([...commands.keys()].sort()).toEqual(["connections", "migrate", "serve", "worker"]);
    expect(commands.get("serve")?.join(" ")).toContain("--no-worker");
  });

  it("defines postgres, migrate, web and worker", () => {
    expect(Object.keys(services)).toEqual(expect.arrayContaining(["postgres", "migrate", "web", "worker"]));
    expect(ours.map(([name]) => name).sort()).toEqual(["migrate", "web", "worker"]);
    expect(words(services.migrate?.command)).toEqual(["migrate"]);
    expect(words(services.web?.command)).toEqual(["serve", "--no-worker"]);
    expect(words(services.worker?.command)).toEqual(["worker"]);
  });

  it("runs only commands and flags the CLI's USAGE lists", () => {
    for (const [name, service] of ours) {
      const [first, ...rest] = words(service.command);
      expect(first, `${name}: no command`).toBeDefined();
      const lines = commands.get(first ?? "");
      expect(lines, `${name}: "${first}" is not a command in src/main.ts USAGE`).toBeDefined();
      for (const flag of rest.filter((w) => w.startsWith("--"))) {
        expect(
          lines?.some((l) => l.includes(flag)),
          `${name}: ${first} has no flag ${flag}`,
        ).toBe(true);
      }
    }
  });

  it("starts web and worker only after postgres is healthy and migrations completed", () => {
    expect(services.postgres?.healthcheck?.test).toBeDefined();
    expect(dependency(services.migrate ?? {}, "postgres")).toBe("service_healthy");
    for (const name of ["web", "worker"]) {
      expect(dependency(services[name] ?? {}, "postgres"), name).toBe("service_healthy");
      expect(dependency(services[name] ?? {}, "migrate"), name).toBe("service_completed_successfully");
    }
    expect(services.web?.ports).toContain("3000:3000");
    // The image's health check probes HTTP; processes that serve none must switch it off.
    expect(services.worker?.healthcheck?.disable).toBe(true);
    expect(services.migrate?.healthcheck?.disable).toBe(true);
  });

  it("gives every service the .env file", () => {
    for (const [name, service] of Object.entries(services)) expect(envFiles(service), name).toContain(".env");
  });

  it("sets only environment variables Switchboard reads (src/config.ts)", () => {
    const known = new Set(Object.keys(configSchema.shape));
    for (const [name, service] of ours) {
      for (const key of environmentKeys(service.environment)) expect(known.has(key), `${name}: ${key}`).toBe(true);
    }
  });

  it("documents every variable it uses in .env.template", () => {
    const used = new Set<string>();
    for (const service of Object.values(services)) {
      for (const key of environmentKeys(service.environment)) used.add(key);
    }
    for (const value of strings(compose)) for (const name of interpolatedNames(value)) used.add(name);
    const needed = [...used].sort();
    const template = path.join(root, ".env.template");
    expect(
      existsSync(template),
      `.env.template is missing; docker-compose.yml needs it to document: ${needed.join(", ")}`,
    ).toBe(true);
    const text = readFileSync(template, "utf8");
    const missing = needed.filter((name) => !new RegExp(`(^|[^A-Z0-9_])${name}([^A-Z0-9_]|$)`, "m").test(text));
    expect(missing, `.env.template does not mention: ${missing.join(", ")}`).toEqual([]);
  });
});

/** Dockerfile instructions with line continuations joined. */
function instructions(dockerfile: string): Array<{ op: string; args: string }> {
  return dockerfile
    .replace(/\\\n/g, " ")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"))
    .map((line) => {
      const [op = "", ...args] = line.split(/\s+/);
      return { op: op.toUpperCase(), args: args.join(" ") };
    });
}

describe("Dockerfile", () => {
  const steps = instructions(read("Dockerfile"));
  const last = (op: string) => steps.filter((s) => s.op === op).at(-1)?.args ?? "";

  it("runs src/main.ts with a default command the CLI knows", () => {
    expect(JSON.parse(last("ENTRYPOINT"))).toEqual(["node", "src/main.ts"]);
    const [command, ...flags] = z.array(z.string()).parse(JSON.parse(last("CMD")));
    expect(commands.has(command ?? ""), `CMD ${command}`).toBe(true);
    for (const flag of flags) expect(commands.get(command ?? "")?.some((l) => l.includes(flag))).toBe(true);
  });

  it("runs as a non-root user on Node 24, listening on every interface, with a liveness probe", () => {
    expect(last("USER")).not.toMatch(/^(root|0)?$/);
    expect(steps.filter((s) => s.op === "ARG").map((s) => s.args)).toContain("NODE_IMAGE=node:24-slim");
    expect(steps.find((s) => s.op === "ENV" && /HOST=0\.0\.0\.0/.test(s.args))).toBeDefined();
    expect(last("HEALTHCHECK")).toContain("/health/live");
    expect(steps.some((s) => s.op === "RUN" && s.args.includes("npm ci --omit=dev"))).toBe(true);
  });

  it("keeps secrets and local state out of the build context", () => {
    const ignored = read(".dockerignore")
      .split("\n")
      .map((l) => l.trim());
    expect(ignored).toEqual(expect.arrayContaining([".env", "node_modules", ".switchboard", ".git"]));
  });
});
