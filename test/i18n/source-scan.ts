import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import type { LiteralPiece } from './rules.js';

/*
 * The literal pieces of the strings a source file writes, for the
 * labels-concatenated-in-code guard. Text that no Slack user reads is left out:
 * log lines, thrown errors (admin-facing, English by design) and CLI output.
 */
const NOT_FOR_SLACK_USERS = /^(?:\w+\.)*(?:logger|log|console)\.\w+$|^(?:\w+\.)?std(?:out|err)$|Error$|^super$/;

/** Files whose text only operators read (terminal, logs, config errors): English by design (docs/decisions/0028). */
export const OPERATOR_FILES = [/^src\/cli(?:\/|\.ts$)/, /^src\/config\//, /^src\/logger\.ts$/, /\/cli\.ts$/, /^src\/bugs\/trackers\/import\.ts$/];

function calleeName(node: ts.Node): string | undefined {
  if (ts.isCallExpression(node) || ts.isNewExpression(node)) return node.expression.getText();
  return undefined;
}

function forSlackUsers(node: ts.Node): boolean {
  for (let n: ts.Node | undefined = node.parent; n; n = n.parent) {
    const name = calleeName(n);
    if (name && NOT_FOR_SLACK_USERS.test(name)) return false;
    // A job's `summary` is the operator's one-line report of a run (cadence run, logs).
    if (ts.isPropertyAssignment(n) && n.name.getText() === 'summary') return false;
    if (ts.isThrowStatement(n)) return false;
    if (ts.isFunctionLike(n)) break;
  }
  return true;
}

function isConcatenated(node: ts.Node): boolean {
  const p = node.parent;
  return !!p && ts.isBinaryExpression(p) && p.operatorToken.kind === ts.SyntaxKind.PlusToken;
}

export function literalPieces(fileName: string, source: string): LiteralPiece[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.ES2022, true);
  const pieces: LiteralPiece[] = [];
  const line = (n: ts.Node) => file.getLineAndCharacterOfPosition(n.getStart(file)).line + 1;
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
      if (!ts.isImportDeclaration(node.parent) && forSlackUsers(node)) pieces.push({ text: node.text, afterExpr: false, concatenated: isConcatenated(node), line: line(node) });
    } else if (ts.isTemplateExpression(node)) {
      if (forSlackUsers(node)) {
        const concatenated = isConcatenated(node);
        pieces.push({ text: node.head.text, afterExpr: false, concatenated, line: line(node) });
        for (const span of node.templateSpans) pieces.push({ text: span.literal.text, afterExpr: true, concatenated: false, line: line(span) });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return pieces;
}

/** src/**\/*.ts except the catalogues (messages.ts) and the sandbox's own page and tools. */
export function sourceFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.name.endsWith('.ts') && e.name !== 'messages.ts') out.push(full);
    }
  };
  walk(join(root, 'src'));
  return out
    .map((f) => relative(root, f).split('\\').join('/'))
    .filter((f) => !f.startsWith('src/sandbox/') && !OPERATOR_FILES.some((re) => re.test(f)))
    .sort();
}

export function readSource(root: string, file: string): string {
  return readFileSync(join(root, file), 'utf8');
}
