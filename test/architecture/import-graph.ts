import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";

/** One import of a source file: the file it resolves to, and whether it is loaded when the module loads. */
export type ImportEdge = { to: string; typeOnly: boolean; dynamic: boolean };

/** Every `src/` file (tests excluded) with its relative imports, parsed by the TypeScript compiler. */
export type ImportGraph = Map<string, ImportEdge[]>;

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), "../..");

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (name.endsWith(".ts") && !name.endsWith(".test.ts") && !name.endsWith(".d.ts")) out.push(path);
  }
  return out;
}

function isTypeOnlyImport(node: ts.ImportDeclaration): boolean {
  const clause = node.importClause;
  if (!clause) return false; // `import "x"` loads x
  if (clause.isTypeOnly) return true;
  if (clause.name) return false;
  const bindings = clause.namedBindings;
  if (!bindings || ts.isNamespaceImport(bindings)) return false;
  return bindings.elements.length > 0 && bindings.elements.every((e) => e.isTypeOnly);
}

function isTypeOnlyExport(node: ts.ExportDeclaration): boolean {
  if (node.isTypeOnly) return true;
  const clause = node.exportClause;
  return (
    !!clause && ts.isNamedExports(clause) && clause.elements.length > 0 && clause.elements.every((e) => e.isTypeOnly)
  );
}

function imports(file: string): Array<{ specifier: string; typeOnly: boolean; dynamic: boolean }> {
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const found: Array<{ specifier: string; typeOnly: boolean; dynamic: boolean }> = [];
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push({ specifier: node.moduleSpecifier.text, typeOnly: isTypeOnlyImport(node), dynamic: false });
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push({ specifier: node.moduleSpecifier.text, typeOnly: isTypeOnlyExport(node), dynamic: false });
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      found.push({ specifier: node.arguments[0].text, typeOnly: false, dynamic: true });
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      const literal = node.argument.literal;
      if (ts.isStringLiteral(literal)) found.push({ specifier: literal.text, typeOnly: true, dynamic: false });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Paths are relative to the repository root, e.g. `src/jobs/worker.ts`. */
export function buildImportGraph(dir = "src"): ImportGraph {
  const graph: ImportGraph = new Map();
  for (const file of sourceFiles(join(ROOT, dir))) {
    const edges: ImportEdge[] = [];
    for (const { specifier, typeOnly, dynamic } of imports(file)) {
      if (!specifier.startsWith(".")) continue;
      const target = resolve(dirname(file), specifier);
      if (!existsSync(target)) throw new Error(`${relative(ROOT, file)} imports a missing file: ${specifier}`);
      edges.push({ to: relative(ROOT, target), typeOnly, dynamic });
    }
    graph.set(relative(ROOT, file), edges);
  }
  return graph;
}

/** Import cycles (strongly connected components of more than one file, or a file importing itself). */
export function importCycles(graph: ImportGraph, follow: (edge: ImportEdge) => boolean): string[][] {
  let index = 0;
  const indexOf = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const connect = (file: string) => {
    indexOf.set(file, index);
    low.set(file, index);
    index += 1;
    stack.push(file);
    onStack.add(file);
    for (const edge of graph.get(file) ?? []) {
      if (!follow(edge) || !graph.has(edge.to)) continue;
      if (!indexOf.has(edge.to)) {
        connect(edge.to);
        low.set(file, Math.min(low.get(file) ?? 0, low.get(edge.to) ?? 0));
      } else if (onStack.has(edge.to)) {
        low.set(file, Math.min(low.get(file) ?? 0, indexOf.get(edge.to) ?? 0));
      }
    }
    if (low.get(file) === indexOf.get(file)) {
      const component: string[] = [];
      let member: string | undefined;
      do {
        member = stack.pop();
        if (member === undefined) break;
        onStack.delete(member);
        component.push(member);
      } while (member !== file);
      const selfLoop = (graph.get(file) ?? []).some((e) => follow(e) && e.to === file);
      if (component.length > 1 || selfLoop) cycles.push(component.sort());
    }
  };
  for (const file of graph.keys()) if (!indexOf.has(file)) connect(file);
  return cycles;
}

/** Files a module loads when it is loaded: static value imports, followed transitively (not `import()`). */
export function loadedBy(graph: ImportGraph, entry: string): Set<string> {
  const seen = new Set<string>([entry]);
  const todo = [entry];
  for (let file = todo.pop(); file !== undefined; file = todo.pop()) {
    for (const edge of graph.get(file) ?? []) {
      if (edge.typeOnly || edge.dynamic || seen.has(edge.to)) continue;
      seen.add(edge.to);
      todo.push(edge.to);
    }
  }
  return seen;
}
