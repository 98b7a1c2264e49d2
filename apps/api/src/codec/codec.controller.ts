import {
  applyDecorators,
  Body,
  Controller,
  Delete,
  Headers,
  HttpCode,
  HttpStatus,
  Post,
  Req,
  Res,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import {
  ApiBearerAuth,
  ApiBody,
  ApiHeader,
  ApiNoContentResponse,
  ApiOperation,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Payload } from '@temporalio/common';
import { JSONToPayload, payloadToJSON, type JSONPayload } from '@temporalio/common/lib/proto-utils';
import type { Request, Response } from 'express';
import { decodeJwt } from 'jose';
import { AuditLog } from '@comity/audit';
import { CurrentUser, Roles, type AuthUser } from '@comity/auth';
import type { ApiConfig, TemporalConfig } from '@comity/config';
import { AesGcmPayloadCodec, isEncryptedPayload, PayloadDecryptionError } from '@comity/temporal';
import { ProblemException } from '../common/problem';
import { codecCookie } from './codec-session';

// Most payloads one request may carry (the Temporal UI sends those of one event at a time).
const MAX_PAYLOADS = 1000;

const PAYLOADS_SCHEMA = {
  type: 'object',
  required: ['payloads'],
  properties: {
    payloads: {
      type: 'array',
      maxItems: MAX_PAYLOADS,
      items: {
        type: 'object',
        properties: {
          metadata: { type: 'object', additionalProperties: { type: 'string', format: 'byte' } },
          data: { type: 'string', format: 'byte' },
        },
      },
    },
  },
};

const PAYLOADS_BODY = {
  description:
    'Payloads protobuf as JSON (base64 metadata values and data), as the Temporal UI and CLI send them',
  schema: {
    ...PAYLOADS_SCHEMA,
    example: {
      payloads: [
        { metadata: { encoding: 'YmluYXJ5L2VuY3J5cHRlZA==', 'encryption-key-id': 'bG9jYWw=' }, data: '…' },
      ],
    },
  },
};

const problem = (status: number, description: string) =>
  ApiResponse({
    status,
    description,
    content: {
      'application/problem+json': {
        schema: {
          type: 'object',
          required: ['type', 'title', 'status'],
          properties: {
            type: { type: 'string' },
            title: { type: 'string' },
            status: { type: 'integer' },
            detail: { type: 'string' },
          },
        },
      },
    },
  });

const PAYLOADS_ANSWER = ApiResponse({
  status: 200,
  description: 'The payloads, converted, in the same shape and order',
  content: { 'application/json': { schema: PAYLOADS_SCHEMA } },
});

type Direction = 'decode' | 'encode';

// The remote-codec protocol's two operations share their route shape, guard and documentation.
function CodecOperation(path: 'decode' | 'encode', summary: string) {
  return applyDecorators(
    Post(path),
    Roles('admin'),
    HttpCode(HttpStatus.OK),
    ApiOperation({ summary }),
    PAYLOADS_ANSWER,
    problem(
      400,
      'Not {"payloads": [...]} in protobuf JSON, or a payload that cannot be decrypted (key id named)',
    ),
    problem(403, 'Not an administrator'),
    problem(404, 'X-Namespace names another namespace than this platform’s'),
    ApiHeader({
      name: 'X-Namespace',
      required: false,
      description: 'Temporal namespace; must be the platform’s',
    }),
    ApiBody(PAYLOADS_BODY),
  );
}

// The remote codec of the Temporal UI and CLI ("codec server" protocol): POST …/decode and
// …/encode with {payloads: [...]}, the namespace in X-Namespace. Only administrators, and every
// call is an audited record (namespace and counts; never payload contents).
@ApiTags('codec')
@ApiBearerAuth()
@Controller('codec')
export class CodecController {
  private readonly namespace: string;
  private readonly secureCookie: boolean;

  constructor(
    private readonly codec: AesGcmPayloadCodec,
    private readonly audit: AuditLog,
    config: ConfigService,
  ) {
    this.namespace = config.getOrThrow<TemporalConfig>('temporal').namespace;
    this.secureCookie = config.getOrThrow<ApiConfig>('api').nodeEnv === 'production';
  }

  @CodecOperation('decode', 'Decrypt workflow payloads for the Temporal UI or CLI (admins; audited)')
  decode(
    @CurrentUser() user: AuthUser,
    @Req() req: Request,
    @Headers('x-namespace') namespace: string | undefined,
    @Body() body: unknown,
  ) {
    return this.convert('decode', user, req, namespace, body);
  }

  @CodecOperation('encode', 'Encrypt payloads the Temporal UI or CLI sends to a workflow (admins; audited)')
  encode(
    @CurrentUser() user: AuthUser,
    @Req() req: Request,
    @Headers('x-namespace') namespace: string | undefined,
    @Body() body: unknown,
  ) {
    return this.convert('encode', user, req, namespace, body);
  }

  @Post('session')
  @Roles('admin')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary:
      'Store your access token in an HttpOnly cookie sent only to /api/v1/codec, for a Temporal UI set to "include cross-origin credentials" (admins; audited)',
  })
  @ApiResponse({
    status: 204,
    description: 'The cookie is set',
    headers: {
      'Set-Cookie': {
        description: 'The codec cookie (HttpOnly, path /api/v1/codec)',
        schema: { type: 'string' },
      },
    },
  })
  @ApiNoContentResponse({ description: 'The cookie is set (Set-Cookie)' })
  @problem(403, 'Not an administrator')
  async startSession(
    @CurrentUser() user: AuthUser,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<void> {
    const token = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!token)
      throw new ProblemException(
        HttpStatus.BAD_REQUEST,
        'Bearer token required',
        'Send your access token in the Authorization header',
      );
    res.setHeader('Set-Cookie', codecCookie(token, secondsLeft(token), this.secureCookie));
    await this.audit.record({
      caseId: null,
      action: 'codec.session',
      actorId: user.id,
      outcome: 'allowed',
      details: { via: user.via },
    });
  }

  @Delete('session')
  @Roles('admin')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Remove the codec cookie (it also ends with its token, and with a logout)' })
  @ApiNoContentResponse({ description: 'The cookie is removed (Set-Cookie)' })
  @problem(403, 'Not an administrator')
  @ApiResponse({
    status: 204,
    description: 'The cookie is removed',
    headers: { 'Set-Cookie': { description: 'An expired codec cookie', schema: { type: 'string' } } },
  })
  endSession(@Res({ passthrough: true }) res: Response): void {
    res.setHeader('Set-Cookie', codecCookie('', 0, this.secureCookie));
  }

  private async convert(
    direction: Direction,
    user: AuthUser,
    req: Request,
    namespace: string | undefined,
    body: unknown,
  ) {
    const action = `codec.${direction}`;
    const record = (outcome: 'allowed' | 'denied' | 'failed', details: Record<string, unknown>) =>
      this.audit.record({
        caseId: null,
        action,
        actorId: user.id,
        outcome,
        details: { namespace: this.namespace, ...details },
      });

    if (!req.is('application/json')) {
      throw new ProblemException(
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
        'JSON required',
        'Send Content-Type: application/json',
      );
    }
    if (namespace !== undefined && namespace !== this.namespace) {
      await record('denied', { reason: 'unknown_namespace', requestedNamespace: namespace.slice(0, 255) });
      throw new ProblemException(
        HttpStatus.NOT_FOUND,
        'Unknown namespace',
        `This codec serves namespace ${this.namespace}`,
      );
    }
    const payloads = parsePayloads(body);
    const encrypted = payloads.filter(isEncryptedPayload).length;
    let converted: Payload[];
    try {
      converted =
        direction === 'decode' ? await this.codec.decode(payloads) : await this.codec.encode(payloads);
    } catch (err) {
      if (!(err instanceof PayloadDecryptionError)) throw err;
      await record('failed', { payloads: payloads.length, encrypted, reason: 'undecryptable' });
      throw new ProblemException(HttpStatus.BAD_REQUEST, 'Payload not decryptable', err.message);
    }
    await record('allowed', { payloads: payloads.length, encrypted });
    return { payloads: converted.map(payloadToJSON) };
  }
}

function parsePayloads(body: unknown): Payload[] {
  const list = (body as { payloads?: unknown } | null)?.payloads;
  if (!Array.isArray(list) || list.length > MAX_PAYLOADS) {
    throw new ProblemException(
      HttpStatus.BAD_REQUEST,
      'Invalid payloads',
      `Send {"payloads": [...]} with at most ${MAX_PAYLOADS} payloads`,
    );
  }
  return list.map((p, i) => {
    try {
      if (p === null || typeof p !== 'object' || Array.isArray(p)) throw new TypeError('not an object');
      return JSONToPayload(p as JSONPayload);
    } catch {
      throw new ProblemException(
        HttpStatus.BAD_REQUEST,
        'Invalid payloads',
        `payloads[${i}] is not a Payload in protobuf JSON`,
      );
    }
  });
}

// A JWT's remaining lifetime (our access tokens and OIDC tokens); null for API tokens.
function secondsLeft(token: string): number | null {
  try {
    const { exp } = decodeJwt(token);
    return typeof exp === 'number' ? exp - Date.now() / 1000 : null;
  } catch {
    return null;
  }
}
