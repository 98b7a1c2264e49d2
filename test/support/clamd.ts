import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './platform';

/** Bytes that the test signature database marks as malware (ClamAV body signature, .ndb). */
export const TEST_MALWARE_MARKER = 'COMITY-MALWARE-TEST-SIGNATURE';

export interface TestClamd {
  host: string;
  port: number;
  close(): Promise<void>;
}

/** Whether a ClamAV daemon can be started here (Debian: apt-get install clamav-daemon). */
export function clamdInstalled(): boolean {
  return spawnSync('clamd', ['--version'], { stdio: 'ignore' }).status === 0;
}

// A real clamd on a loopback port, loading only a one-signature database made here (the
// official databases come from the internet, which tests do not reach).
export async function startClamd(): Promise<TestClamd> {
  const dir = await mkdtemp(join(tmpdir(), 'comity-clamd-'));
  await writeFile(join(dir, 'comity-test.ndb'), `Comity.Test.Signature:0:*:${Buffer.from(TEST_MALWARE_MARKER).toString('hex')}\n`);
  const port = await freePort();
  await writeFile(
    join(dir, 'clamd.conf'),
    [`Foreground yes`, `DatabaseDirectory ${dir}`, `TCPSocket ${port}`, `TCPAddr 127.0.0.1`, `StreamMaxLength 200M`].join('\n') + '\n',
  );
  const child: ChildProcess = spawn('clamd', ['-c', join(dir, 'clamd.conf')], { stdio: 'ignore' });
  const deadline = Date.now() + 60_000;
  while (!(await pong(port))) {
    if (child.exitCode !== null) throw new Error(`clamd exited with ${child.exitCode}`);
    if (Date.now() > deadline) throw new Error('clamd did not answer within a minute');
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    host: '127.0.0.1',
    port,
    async close() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await once(child, 'exit');
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function pong(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port }, () => socket.end('zPING\0'));
    let text = '';
    socket.on('data', (d: Buffer) => (text += d.toString()));
    socket.on('close', () => resolve(text.startsWith('PONG')));
    socket.on('error', () => resolve(false));
  });
}
