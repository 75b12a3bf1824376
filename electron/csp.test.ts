import { describe, expect, it } from 'vitest';
import { CSP, CSP_DIRECTIVES } from './csp.js';

describe('Content-Security-Policy', () => {
  const sources = Object.values(CSP_DIRECTIVES).flat();

  it('names no remote origin, wildcard or host', () => {
    for (const s of sources) {
      expect(s, String(s)).toMatch(/^('self'|'none'|'wasm-unsafe-eval'|'unsafe-inline'|blob:|data:)$/);
    }
    expect(CSP).not.toMatch(/https?:|wss?:|\*|file:/);
  });

  it('lets DuckDB compile wasm but never evals strings or runs inline scripts', () => {
    expect(CSP_DIRECTIVES['script-src']).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(CSP).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(CSP).not.toContain("'unsafe-eval'");
  });

  it('defaults to self, connects only to self and blocks plugins, frames and form posts', () => {
    expect(CSP).toMatch(/^default-src 'self';/);
    expect(CSP_DIRECTIVES['connect-src'][0]).toBe("'self'");
    expect(CSP).toContain("worker-src 'self' blob:");
    for (const d of ['object-src', 'frame-src', 'base-uri', 'form-action', 'frame-ancestors']) expect(CSP_DIRECTIVES[d], d).toEqual(["'none'"]);
  });
});
