import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { ADJUSTMENT_KINDS } from '../../src/assessment/kinds.ts';
import { STEPS } from '../../src/duties/scheduler.ts';
import { IMPORT_KINDS } from '../../src/org/import.ts';

/**
 * Every audit action and object type the server writes, read from its source the way a reviewer
 * would: each object literal with `action`, `objectType` and `level` (an AuditEntry), and each call
 * of the helpers that build the code from a type and a verb (guardRead → `<type>.read`,
 * auditListRead → `<type>.list|export`, auditLedger → `<type>.ledger`). Literals, conditionals and
 * templates are expanded; any other expression must be named in RESOLVE below, so a new computed
 * code fails the test until someone says what it can be (and gives it words).
 */

const ROOT = join(import.meta.dirname, '../..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'i18n' ? [] : sources(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

/** Marks an expression whose codes are enumerated elsewhere (at the helpers' call sites). */
const AT_CALL_SITES: readonly string[] = [];

function parse(file: string): ts.SourceFile {
  return ts.createSourceFile(file, readFileSync(join(ROOT, file), 'utf8'), ts.ScriptTarget.Latest, true);
}

function visit(node: ts.Node, fn: (n: ts.Node) => void): void {
  fn(node);
  node.forEachChild((c) => visit(c, fn));
}

/** The string values of property `prop` (or the keys, when prop is null) of the object literal assigned to `name`. */
function objectOf(file: string, name: string, prop: string | null): string[] {
  const out: string[] = [];
  visit(parse(file), (n) => {
    if (!ts.isVariableDeclaration(n) || n.name.getText() !== name || !n.initializer || !ts.isObjectLiteralExpression(n.initializer)) return;
    for (const p of n.initializer.properties) {
      if (!ts.isPropertyAssignment(p)) continue;
      if (prop === null) out.push(p.name.getText().replace(/['"]/g, ''));
      else if (ts.isObjectLiteralExpression(p.initializer)) {
        const inner = p.initializer.properties.find((q) => ts.isPropertyAssignment(q) && q.name.getText() === prop);
        if (inner && ts.isPropertyAssignment(inner) && ts.isStringLiteral(inner.initializer)) out.push(inner.initializer.text);
      }
    }
  });
  return out;
}

/** The literal verbs passed to lifecycle's step(ctx, actor, id, verb, run). */
function lifecycleSteps(): string[] {
  const out: string[] = [];
  visit(parse('src/duties/lifecycle.ts'), (n) => {
    if (ts.isCallExpression(n) && n.expression.getText() === 'step' && n.arguments[3]) out.push(...evaluate('src/duties/lifecycle.ts', n.arguments[3], []));
  });
  return out;
}

// What each computed part of a code can be: file, then the expression's source text. Where the
// values are exported they are imported; otherwise read from the source they live in.
const RESOLVE: Record<string, Record<string, () => readonly string[]>> = {
  'src/duties/scheduler.ts': { 'planned.step': () => STEPS },
  'src/duties/lifecycle.ts': { action: lifecycleSteps },
  'src/assessment/adjustments.ts': { 'input.kind': () => ADJUSTMENT_KINDS },
  'src/study/sessions.ts': { 'spec.action': () => objectOf('src/study/sessions.ts', 'PARTS', 'action') },
  'src/org/import.ts': { kind: () => IMPORT_KINDS },
  'src/security/knowable.ts': {
    'input.objectType': () => objectOf('src/security/knowable.ts', 'SCOPED_TABLES', null),
    'request.object_type': () => objectOf('src/security/knowable.ts', 'SCOPED_TABLES', null),
    objectType: () => objectOf('src/security/knowable.ts', 'SCOPED_TABLES', null),
  },
  // The helpers themselves: their codes are collected where they are called.
  'src/security/reads.ts': { objectType: () => AT_CALL_SITES, action: () => AT_CALL_SITES },
  'src/study/ledgers.ts': { objectType: () => AT_CALL_SITES },
  // The audit browser's own read names the type the reader filtered on, else the log itself.
  'src/security/audit.ts': { 'filters.objectType': () => AT_CALL_SITES, 'e.action': () => AT_CALL_SITES, 'e.object_type': () => AT_CALL_SITES },
};

const unresolved: string[] = [];

function evaluate(file: string, e: ts.Expression, sink: string[] = unresolved): string[] {
  if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return [e.text];
  if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e)) return evaluate(file, e.expression, sink);
  if (ts.isConditionalExpression(e)) return [...evaluate(file, e.whenTrue, sink), ...evaluate(file, e.whenFalse, sink)];
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken) return [...evaluate(file, e.left, sink), ...evaluate(file, e.right, sink)];
  if (ts.isTemplateExpression(e)) {
    let acc = [e.head.text];
    for (const span of e.templateSpans) {
      const parts = evaluate(file, span.expression, sink);
      acc = acc.flatMap((a) => parts.map((p) => a + p + span.literal.text));
    }
    return acc;
  }
  const resolver = RESOLVE[file]?.[e.getText()];
  if (resolver) return [...resolver()];
  const { line } = e.getSourceFile().getLineAndCharacterOfPosition(e.getStart());
  sink.push(`${file}:${line + 1}: ${e.getText()}`);
  return [];
}

export interface AuditCodes {
  actions: Set<string>;
  objectTypes: Set<string>;
  /** Expressions the scan could not enumerate (file:line: text): each needs an entry in RESOLVE. */
  unresolved: string[];
}

export function auditCodes(): AuditCodes {
  unresolved.length = 0;
  const actions = new Set<string>();
  const objectTypes = new Set<string>();
  const add = (set: Set<string>, values: readonly string[]) => values.forEach((v) => set.add(v));
  for (const path of sources(join(ROOT, 'src'))) {
    const file = relative(ROOT, path);
    visit(parse(file), (n) => {
      if (ts.isObjectLiteralExpression(n)) {
        const props = new Map<string, ts.ObjectLiteralElementLike>();
        for (const p of n.properties) if (p.name) props.set(p.name.getText(), p);
        const action = props.get('action');
        const type = props.get('objectType');
        if (!action || !type || !props.has('level')) return;
        const value = (p: ts.ObjectLiteralElementLike) => (ts.isPropertyAssignment(p) ? p.initializer : ts.isShorthandPropertyAssignment(p) ? p.name : undefined);
        for (const [prop, set] of [[action, actions], [type, objectTypes]] as const) {
          const expr = value(prop);
          if (expr) add(set, evaluate(file, expr));
          else unresolved.push(`${file}: ${prop.getText()}`);
        }
        return;
      }
      if (!ts.isCallExpression(n)) return;
      const callee = n.expression.getText();
      const verbs =
        callee === 'guardRead' ? ['read']
        : callee === 'auditLedger' ? ['ledger']
        : callee === 'auditListRead' && n.arguments[3] ? (ts.isIdentifier(n.arguments[3]) ? ['list', 'export'] : evaluate(file, n.arguments[3]))
        : null;
      const typeArg = n.arguments[2];
      if (!verbs || !typeArg) return;
      const types = evaluate(file, typeArg);
      add(objectTypes, types);
      for (const t of types) add(actions, verbs.map((v) => `${t}.${v}`));
    });
  }
  return { actions, objectTypes, unresolved: [...unresolved] };
}
