import { describe, expect, it } from 'vitest';
import { isConfigFile, isSampleDataPath, startupSamplePaths } from '../../../renderer/features/data/sample-filter';
import { csvHeader } from '../../../renderer/features/data/MappingDialog';

describe('bundled sample selection', () => {
  it('keeps data files and skips rules, answer keys and bad examples', () => {
    expect(isSampleDataPath('samples/demo/usage_cloudevents.ndjson')).toBe(true);
    expect(isSampleDataPath('samples/real/focus-sample/focus_sample.csv')).toBe(true);
    expect(isSampleDataPath('samples/real/focus-validator/model-1.2.json')).toBe(false);
    expect(isSampleDataPath('samples/demo/planted.json')).toBe(false);
    expect(isSampleDataPath('samples/demo/bad-cost.csv')).toBe(false);
    expect(isSampleDataPath('samples/demo/README.md')).toBe(false);
  });
  it('opens the demo company at start when bundled, else the real FOCUS sample', () => {
    const all = ['samples/demo/a.csv', 'samples/real/focus-sample/f.csv', 'samples/real/x/y.csv'];
    expect(startupSamplePaths(all)).toEqual(['samples/demo/a.csv']);
    expect(startupSamplePaths(all.slice(1))).toEqual(['samples/real/focus-sample/f.csv']);
    expect(startupSamplePaths(['samples/real/x/y.csv'])).toEqual(['samples/real/x/y.csv']);
  });
  it('recognises settings files by name', () => {
    expect(isConfigFile('config.json')).toBe(true);
    expect(isConfigFile('acme-mappings.json')).toBe(true);
    expect(isConfigFile('usage.json')).toBe(false);
  });
});

describe('CSV header for the mapping dialog', () => {
  it('splits quoted names and drops the BOM', () => {
    expect(csvHeader('\uFEFFid,"Customer, name","say ""hi""",qty\r\n1,2,3,4')).toEqual(['id', 'Customer, name', 'say "hi"', 'qty']);
  });
});
