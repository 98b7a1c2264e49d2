import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { problemType } from './problem';

// Requests Node's HTTP parser refuses before any middleware runs (a raw non-ASCII byte in the
// path, headers or a URL beyond Node's limit) still get a problem document, like every other
// refusal, instead of Node's bare answer.
export function answerParserErrorsWithProblems(server: Server): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const tooLarge = err.code === 'HPE_HEADER_OVERFLOW';
    const status = tooLarge ? 431 : 400;
    const title = tooLarge ? 'Request Header Fields Too Large' : 'Bad Request';
    const detail = tooLarge ? 'the request line or headers are too large' : 'the request could not be parsed as HTTP';
    const body = JSON.stringify({ type: problemType(status), title, status, detail });
    socket.end(
      `HTTP/1.1 ${status} ${title}\r\nContent-Type: application/problem+json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}
