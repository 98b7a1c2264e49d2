import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { en } from './en';
import { es } from './es';

// Every literal key the screens use exists in both languages, and the languages have the same keys.
const SRC = join(__dirname, '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) && !name.endsWith('.spec.ts') ? [path] : [];
  });
}

describe('translations', () => {
  it('has the same keys in Spanish and English', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(es).sort());
  });

  it('has every literal key the screens ask for', () => {
    const keys = new Set<string>();
    for (const file of sources(SRC)) {
      for (const m of readFileSync(file, 'utf8').matchAll(/\bt\('([a-zA-Z][\w.-]*)'/g)) keys.add(m[1]);
    }
    expect(keys.size).toBeGreaterThan(50);
    const known = (key: string) => key in es || `${key}_other` in es;
    expect([...keys].filter((k) => !known(k))).toEqual([]);
  });
});
