import { Socket, connect } from 'node:net';
import { once } from 'node:events';

/** What a malware scan found. */
export type ScanVerdict = { clean: true } | { clean: false; signature: string };

/** A scan fed chunk by chunk while the content streams in. */
export interface ScanSession {
  write(chunk: Buffer): Promise<void>;
  finish(): Promise<ScanVerdict>;
  abort(): void;
}

export interface MalwareScanner {
  start(): Promise<ScanSession>;
}

// clamd's INSTREAM command over TCP: "zINSTREAM\0", then each chunk as a 4-byte big-endian length
// and its bytes, then a zero length; clamd answers "stream: OK" or "stream: <signature> FOUND".
// clamd closes the connection early when a stream exceeds its StreamMaxLength ("INSTREAM size
// limit exceeded"), which counts as a failed scan, not a clean one.
export class ClamdScanner implements MalwareScanner {
  constructor(
    private readonly host: string,
    private readonly port: number,
    private readonly timeoutMs = 60_000,
  ) {}

  async start(): Promise<ScanSession> {
    const socket = connect({ host: this.host, port: this.port });
    socket.setTimeout(this.timeoutMs, () => socket.destroy(new Error('clamd did not answer in time')));
    await once(socket, 'connect');
    const reply = collectReply(socket);
    // Read only by finish(); a connection that fails earlier fails the next write instead.
    reply.catch(() => undefined);
    await write(socket, Buffer.from('zINSTREAM\0'));
    return {
      write: async (chunk) => {
        const length = Buffer.alloc(4);
        length.writeUInt32BE(chunk.length);
        await write(socket, Buffer.concat([length, chunk]));
      },
      finish: async () => {
        await write(socket, Buffer.alloc(4));
        return parseReply(await reply);
      },
      abort: () => socket.destroy(),
    };
  }
}

export function parseReply(text: string): ScanVerdict {
  const answer = text.replace(/\0/g, '').trim();
  if (/^stream: OK$/.test(answer)) return { clean: true };
  const found = /^stream: (.+) FOUND$/.exec(answer);
  if (found) return { clean: false, signature: found[1] };
  throw new Error(`clamd could not scan the content: ${answer.slice(0, 200)}`);
}

function collectReply(socket: Socket): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    socket.on('data', (data: Buffer) => (text += data.toString('utf8')));
    socket.once('end', () => resolve(text));
    socket.once('error', reject);
  });
}

function write(socket: Socket, data: Buffer): Promise<void> {
  return new Promise((resolve, reject) => socket.write(data, (err) => (err ? reject(err) : resolve())));
}
