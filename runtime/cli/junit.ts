import { failureLines, type FlowTestOutcome, totalsOf } from './test-outcome.ts';

/**
 * The JUnit XML report CI servers read: one <testsuite> per flow file, one <testcase> per test case (classname
 * the flow's id, name the case's), a <failure> with the differences for a case that failed, and an <error> for
 * a flow that could not be tested at all.
 */
export function junitXml(outcomes: readonly FlowTestOutcome[], name = 'weft test'): string {
  const totals = totalsOf(outcomes);
  const totalMs = outcomes.reduce((s, o) => s + o.durationMs, 0);
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${attr(name)}" tests="${totals.cases + totals.errors}" failures="${totals.failed}" errors="${totals.errors}" time="${seconds(totalMs)}">`,
  ];
  for (const o of outcomes) out.push(...suite(o));
  out.push('</testsuites>', '');
  return out.join('\n');
}

function suite(o: FlowTestOutcome): string[] {
  const cases = o.report?.cases ?? [];
  const failed = cases.filter((c) => !c.passed).length;
  const head = `  <testsuite name="${attr(o.flowId)}" file="${attr(o.file)}" tests="${o.report ? cases.length : 1}" failures="${failed}" errors="${o.report ? 0 : 1}" skipped="0" time="${seconds(o.durationMs)}">`;
  if (!o.report) {
    const message = o.error ?? 'the flow could not be tested';
    return [
      head,
      `    <testcase classname="${attr(o.flowId)}" name="(flow)" time="${seconds(o.durationMs)}">`,
      `      <error message="${attr(message)}" type="flow_not_tested">${text(message)}</error>`,
      '    </testcase>',
      '  </testsuite>',
    ];
  }
  const out = [head];
  for (const c of cases) {
    const open = `    <testcase classname="${attr(o.flowId)}" name="${attr(c.name)}" time="${seconds(c.durationMs)}"`;
    if (c.passed) {
      out.push(`${open}/>`);
      continue;
    }
    const lines = failureLines(c, 50);
    const message =
      c.error ?? (c.differences.length === 1 ? lines[0] : `${c.differences.length} differences; first: ${lines[0]}`);
    out.push(
      `${open}>`,
      `      <failure message="${attr(message)}" type="${c.error ? 'error' : 'mismatch'}">${text(lines.join('\n'))}</failure>`,
      '    </testcase>',
    );
  }
  out.push('  </testsuite>');
  return out;
}

const seconds = (ms: number) => (Math.max(0, ms) / 1000).toFixed(3);

/**
 * Characters XML 1.0 cannot hold at all, not even as a character reference: C0 controls other than tab, line
 * feed and carriage return, U+FFFE, U+FFFF and unpaired surrogates. They are written as a visible \uXXXX.
 */
function visible(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        out += s[i] + s[i + 1];
        i++;
        continue;
      }
    }
    const bad = (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0xfffe || c === 0xffff;
    out += bad || (c >= 0xd800 && c <= 0xdfff) ? `\\u${c.toString(16).toUpperCase().padStart(4, '0')}` : s[i];
  }
  return out;
}

/** Element content: &, < and > escaped (and "]]>" cannot occur), characters XML cannot hold made visible. */
export function text(s: string): string {
  return visible(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** An attribute value in double quotes; tabs and line breaks as character references, so readers keep them. */
export function attr(s: string): string {
  return text(s).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}
