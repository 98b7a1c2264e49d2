import { chmod, mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

/**
 * Writes a secret to a file only its owner can read (0600), in a directory created 0700 when
 * missing; a file already there is replaced, never reused with its old permissions. Returns the
 * absolute path. (scripts/local-secret.mjs does the same for `npm start`'s generated secrets.)
 */
export async function writePrivateFile(path: string, content: string): Promise<string> {
  const file = resolve(path);
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  await rm(file, { force: true });
  await writeFile(file, content, { mode: 0o600, flag: 'wx' });
  await chmod(file, 0o600);
  return file;
}
