import { HttpStatus } from '@nestjs/common';
import { ServiceError, type Client } from '@temporalio/client';
import { ProblemException } from '../common/problem';
import { CaseWorkflowClient } from './case-workflow.client';

// A gRPC error as @grpc/grpc-js raises it: a code, details and metadata.
function grpcError(code: number, details: string): Error {
  return Object.assign(new Error(`${code} ${details}`), { code, details, metadata: { getMap: () => ({}) } });
}

function clientFailingWith(err: Error): CaseWorkflowClient {
  const client = { workflow: { getHandle: () => ({ executeUpdate: () => Promise.reject(err) }) } } as unknown as Client;
  return new CaseWorkflowClient(client);
}

describe('CaseWorkflowClient failures', () => {
  it.each([
    ['unavailable', 14],
    ['deadline exceeded', 4],
    ['resource exhausted', 8],
  ])('should answer 503 when Temporal is %s, wrapped or not', async (_name, code) => {
    for (const err of [grpcError(code, 'x'), new ServiceError('Update failed', { cause: grpcError(code, 'x') })]) {
      const refused = await clientFailingWith(err).act('c', { action: 'submit', actor: { id: 'u' } } as never).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(ProblemException);
      expect((refused as ProblemException).getStatus()).toBe(HttpStatus.SERVICE_UNAVAILABLE);
    }
  });

  it('should pass any other error through (a bug is a 500, not a retry)', async () => {
    const err = grpcError(3, 'invalid argument');
    await expect(clientFailingWith(err).act('c', { action: 'submit', actor: { id: 'u' } } as never)).rejects.toBe(err);
  });
});
