// Parses Mermaid diagrams with the Mermaid library GitHub and GitLab render with.
//
// Input: a JSON array of diagram texts, in the file named by the first argument.
// Output (stdout): a JSON array, one {ok, diagramType, error} per diagram, in order.
// Mermaid's parse() needs a DOM only for DOMPurify, which jsdom provides; no browser runs.

import { readFileSync } from 'node:fs';
import { JSDOM } from 'jsdom';

const dom = new JSDOM('<!doctype html><html><body></body></html>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;

const { default: mermaid } = await import('mermaid');
mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });

const diagrams = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const results = [];
for (const text of diagrams) {
  try {
    const parsed = await mermaid.parse(text);
    results.push({ ok: true, diagramType: parsed.diagramType, error: null });
  } catch (e) {
    results.push({ ok: false, diagramType: null, error: String(e && e.message ? e.message : e) });
  }
}
process.stdout.write(JSON.stringify(results));
