import type { SchemaObject } from '@nestjs/swagger';
import { CASE_ACTIONS, CASE_KIND_NAMES, CASE_OUTCOMES, CASE_STAGES, LINK_RELATIONS, ROLES, TRANSMISSION_CHANNELS, VISIBILITIES } from '@comity/contracts';
import { workSchemas } from '../work/work-schemas';

// The response models of the api, as OpenAPI 3.0 schemas (components/schemas), so the document
// is a contract: a national case system or a generated client can rely on every field named here.
// Objects list their fields; nested reference data (treaty rules) names its main fields and may
// carry more.

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const nullable = (schema: SchemaObject): SchemaObject => ({ ...schema, nullable: true });
const str: SchemaObject = { type: 'string' };
const int: SchemaObject = { type: 'integer' };
const bool: SchemaObject = { type: 'boolean' };
const uuid: SchemaObject = { type: 'string', format: 'uuid' };
const instant: SchemaObject = { type: 'string', format: 'date-time' };
const day: SchemaObject = { type: 'string', format: 'date', example: '2026-06-30' };
const jurisdiction: SchemaObject = { type: 'string', example: 'HN', description: 'ISO 3166-1 alpha-2' };
const anyObject: SchemaObject = { type: 'object', additionalProperties: true };

function object(
  properties: Record<string, SchemaObject | { $ref: string }>,
  optional: string[] = [],
  extra = false,
): SchemaObject {
  return {
    type: 'object',
    properties,
    required: Object.keys(properties).filter((k) => !optional.includes(k)),
    additionalProperties: extra,
  };
}

// Every fact of the rules data names its source, article and link (where known) and confidence.
const confidence: SchemaObject = {
  type: 'string',
  enum: ['confirmed', 'secondary', 'unconfirmed', 'default'],
  description: "confirmed [C], secondary [S], unconfirmed: law; default: a policy (platform or authority setting)",
};
const sourced = { source: str, article: str, url: str, confidence, note: str };
const SOURCED_OPTIONAL = ['article', 'url', 'note'];

// An API token as listed; the issuing answer adds the secret once.
const API_TOKEN_FIELDS = {
  id: uuid,
  name: str,
  createdAt: instant,
  expiresAt: nullable(instant),
  revokedAt: nullable(instant),
  lastUsedAt: nullable(instant),
};
export const API_SCHEMAS: Record<string, SchemaObject> = {
  ProblemDetails: {
    type: 'object',
    description:
      "RFC 9457 problem document (application/problem+json). 409 on a case carries the case's current `stage` and the caller's `allowedActions`.",
    properties: {
      type: { type: 'string', example: 'https://comity.dev/problems/422' },
      title: { type: 'string', example: 'Validation failed' },
      status: { type: 'integer', example: 422 },
      detail: { type: 'string' },
      errors: {
        type: 'array',
        description: 'Every invalid field (422, some 400)',
        items: object({
          field: { type: 'string', example: 'requestedState' },
          messages: { type: 'array', items: str },
        }),
      },
      stage: { type: 'string', enum: [...CASE_STAGES], description: '409 on a case: its current stage' },
      allowedActions: {
        type: 'array',
        items: { type: 'string', enum: [...CASE_ACTIONS] },
        description: '409 on a case: the actions the caller may take now',
      },
    },
    required: ['type', 'title', 'status'],
    additionalProperties: true,
  },
  Holder: object(
    {
      role: { type: 'string', enum: [...ROLES] },
      side: { type: 'string', enum: ['requesting', 'requested'] },
      jurisdiction,
      authorityId: nullable(uuid),
      assignee: {
        allOf: [ref('Assignee')],
        nullable: true,
        description: "The person the holding desk assigned it to (case views, to the holder's own side only)",
      } as SchemaObject,
    },
    ['assignee'],
  ),
  TimelineActor: object({
    id: nullable(uuid),
    name: nullable(str),
    authority: nullable(str),
    jurisdiction: nullable(str),
  }),
  TimelineEntry: object({
    seq: int,
    action: { type: 'string', example: 'submit' },
    fromStage: { type: 'string', enum: [...CASE_STAGES], nullable: true },
    toStage: { type: 'string', enum: [...CASE_STAGES] },
    outcome: { type: 'string', enum: [...CASE_OUTCOMES], nullable: true },
    actorId: { ...uuid, nullable: true, description: "Set only for the reader's own side" },
    actor: { allOf: [ref('TimelineActor')], nullable: true } as SchemaObject,
    visibility: { type: 'string', enum: [...VISIBILITIES] },
    reason: nullable(str),
    at: instant,
    leftAt: nullable(instant),
    dueAt: nullable(instant),
    holder: {
      allOf: [ref('Holder')],
      nullable: true,
      description: 'Null when no one holds the case',
    } as SchemaObject,
    details: anyObject,
  }),
  DeadlineView: object({
    key: { type: 'string', example: 'execution-target' },
    label: str,
    dueAt: instant,
    remindAt: nullable(instant),
    onBreach: { type: 'string', enum: ['escalate', 'lapse', 'transition', 'prompt-decision'] },
    status: { type: 'string', enum: ['pending', 'reminded', 'breached', 'paused', 'met'] },
    active: bool,
    source: str,
    confidence: str,
    unit: { type: 'string', enum: ['calendar', 'business'], nullable: true, description: 'null: not recorded (calendar days)' },
    businessDaysLeft: { type: 'integer', nullable: true, description: 'For a running business-day period' },
  }),
  CaseSummary: object(caseSummaryProperties()),
  CaseDetail: object({
    ...caseSummaryProperties(),
    draft: { ...anyObject, description: 'The draft (the fields of DraftDto)' },
    timeline: { type: 'array', items: ref('TimelineEntry') },
    deadlines: { type: 'array', items: ref('DeadlineView') },
    allowedActions: { type: 'array', items: { type: 'string', enum: [...CASE_ACTIONS] } },
    transmission: {
      ...object({
        channel: { type: 'string', enum: [...TRANSMISSION_CHANNELS] },
        referenceNumber: str,
        sentAt: instant,
        receivedAt: instant,
        counterpartReference: str,
      }, ['channel', 'referenceNumber', 'sentAt', 'receivedAt', 'counterpartReference']),
      nullable: true,
      description: 'How the request travelled; null until transmitted',
    } as SchemaObject,
    links: { type: 'array', items: ref('CaseLink'), description: 'Linked cases the reader may also see' },
  }),
  CaseLink: object({
    caseId: uuid,
    kind: { type: 'string', enum: [...CASE_KIND_NAMES] },
    relation: { type: 'string', enum: [...LINK_RELATIONS] },
    reference: nullable(str),
    stage: { type: 'string', enum: [...CASE_STAGES] },
  }),
  CaseAccepted: {
    ...object({ id: uuid, stage: { type: 'string', enum: ['draft'] } }),
    description:
      'Prefer: respond-async: Temporal holds the case; it is readable at Location a few milliseconds later',
  },
  CasePage: object({
    items: { type: 'array', items: ref('CaseSummary') },
    total: int,
    nextCursor: {
      type: 'string',
      nullable: true,
      description: 'Pass as cursor for the next page; null on the last page',
    },
  }),
  Me: object({
    id: uuid,
    kind: { type: 'string', enum: ['user', 'service'] },
    email: nullable(str),
    displayName: str,
    roles: { type: 'array', items: { type: 'string', enum: [...ROLES] } },
    authority: object({ id: nullable(uuid), code: str, name: str, kind: nullable(str) }),
    jurisdiction,
    authenticatedVia: str,
  }),
  TokenPair: object({
    tokenType: { type: 'string', enum: ['Bearer'] },
    accessToken: str,
    expiresIn: { type: 'integer', description: 'Seconds until the access token expires' },
    refreshToken: { type: 'string', description: 'Single use' },
    idleTimeout: { type: 'integer', description: 'Seconds a session may stay idle' },
  }),
  AuthorityView: object({ id: uuid, code: str, name: str, jurisdiction, kind: str, active: bool }),
  UserView: object({
    id: uuid,
    kind: { type: 'string', enum: ['user', 'service'] },
    email: nullable(str),
    displayName: str,
    authorityId: uuid,
    jurisdiction,
    roles: { type: 'array', items: { type: 'string', enum: [...ROLES] } },
    oidcSubject: nullable(str),
    active: bool,
    lockedUntil: nullable(instant),
    lastLoginAt: nullable(instant),
  }),
  ApiTokenView: object(API_TOKEN_FIELDS),
  IssuedApiToken: object({
    ...API_TOKEN_FIELDS,
    token: { type: 'string', description: 'Shown only in this answer' },
  }),
  AuditEntry: object({
    seq: int,
    action: str,
    actorId: nullable(uuid),
    outcome: str,
    details: anyObject,
    occurredAt: instant,
    hash: str,
    prevHash: str,
  }),
  RedactedAuditEntry: {
    ...object({ seq: int, redacted: { type: 'boolean', enum: [true] }, hash: str, prevHash: str }),
    description: 'A record of the other side: its place in the chain and its hashes',
  },
  AuditPage: object({
    items: { type: 'array', items: { oneOf: [ref('AuditEntry'), ref('RedactedAuditEntry')] } },
    nextAfterSeq: {
      type: 'integer',
      nullable: true,
      description: 'Pass as afterSeq for the next page; null on the last page',
    },
  }),
  VerifyReport: object({
    ok: bool,
    chainsChecked: int,
    recordsChecked: int,
    brokenChains: int,
    firstBroken: {
      ...object({ chainKey: str, caseId: nullable(uuid), seq: int, reason: str }),
      nullable: true,
    },
    checkedAt: instant,
  }),
  Notification: object({
    id: str,
    caseId: uuid,
    kind: { type: 'string', example: 'reminder' },
    role: { type: 'string', enum: [...ROLES] },
    message: str,
    createdAt: instant,
    readAt: { ...instant, nullable: true, description: 'When the caller read it; null while unread' },
    caseReference: nullable(str),
    caseStage: { type: 'string', enum: [...CASE_STAGES] },
  }),
  NotificationList: object({ unread: int, items: { type: 'array', items: ref('Notification') } }),
  Health: object({
    status: { type: 'string', enum: ['ok', 'unavailable'] },
    components: object({
      database: ref('ComponentStatus') as SchemaObject,
      temporal: ref('ComponentStatus') as SchemaObject,
    }),
  }),
  ComponentStatus: object({ status: { type: 'string', enum: ['up', 'down'] }, error: str }, ['error']),
  StatusAt: object(
    {
      date: day,
      status: str,
      usable: bool,
      message: str,
      from: nullable(day),
      to: nullable(day),
      ruleId: str,
      ...sourced,
    },
    SOURCED_OPTIONAL,
  ),
  StatusPeriod: object(
    {
      id: { type: 'string', description: 'The administrator change behind the period, if any' },
      from: nullable(day),
      to: day,
      status: str,
      effectiveOn: day,
      text: str,
      ...sourced,
    },
    ['id', 'to', 'effectiveOn', 'text', ...SOURCED_OPTIONAL],
  ),
  InstrumentStatusChange: object({
    id: str,
    instrumentId: str,
    status: str,
    effectiveFrom: day,
    reason: str,
    source: str,
    article: nullable(str),
    confidence: str,
    changedBy: nullable(uuid),
    changedAt: instant,
  }),
  StatusChangeResult: object({
    change: ref('InstrumentStatusChange') as SchemaObject,
    timeline: { type: 'array', items: ref('StatusPeriod') },
    statusAt: ref('StatusAt') as SchemaObject,
  }),
  StatusHistory: object({
    instrumentId: str,
    bundled: { type: 'array', items: ref('StatusPeriod') },
    changes: { type: 'array', items: ref('InstrumentStatusChange') },
    timeline: { type: 'array', items: ref('StatusPeriod') },
  }),
  Jurisdiction: object(
    { code: jurisdiction, name: str, officialLanguages: anyObject, contiguousWith: anyObject },
    [],
    true,
  ),
  JurisdictionList: object({ dataVersion: str, items: { type: 'array', items: ref('Jurisdiction') } }),
  RulesAuthority: object(
    {
      id: str,
      jurisdiction,
      name: str,
      kind: str,
      roles: { type: 'array', items: { ...anyObject, required: ['role'] } },
    },
    [],
    true,
  ),
  RulesAuthorityList: object({ dataVersion: str, items: { type: 'array', items: ref('RulesAuthority') } }),
  InstrumentSummary: object(
    {
      id: str,
      name: str,
      shortName: str,
      kind: str,
      scope: { type: 'array', items: { type: 'string', enum: ['mla', 'extradition'] } },
      parties: { type: 'array', items: anyObject },
      statusAt: ref('StatusAt') as SchemaObject,
      ...sourced,
    },
    SOURCED_OPTIONAL,
  ),
  InstrumentList: object({ dataVersion: str, items: { type: 'array', items: ref('InstrumentSummary') } }),
  Instrument: {
    ...object(
      {
        id: str,
        name: str,
        shortName: str,
        kind: str,
        scope: { type: 'array', items: str },
        parties: { type: 'array', items: anyObject },
        status: { type: 'array', items: ref('StatusPeriod') },
        statusAt: ref('StatusAt') as SchemaObject,
        dataVersion: str,
        ...sourced,
      },
      SOURCED_OPTIONAL,
      true,
    ),
    description:
      'The instrument as the rules data holds it (conditions, channels, contents, deadlines and more), with its status at the date',
  },
  Reason: object({ code: str, message: str, ruleId: str, ...sourced }, SOURCED_OPTIONAL),
  AuthorityPolicyChange: object({
    id: str,
    authorityId: str,
    key: str,
    amount: nullable(int),
    unit: nullable({ type: 'string', enum: ['calendar', 'business', 'months'] }),
    templates: nullable({ type: 'array', items: str }),
    cleared: bool,
    reason: str,
    changedBy: nullable(uuid),
    changedAt: instant,
  }),
  AuthorityPolicies: object({
    authorityId: str,
    authorityName: str,
    dataVersion: str,
    policies: {
      type: 'array',
      items: object(
        {
          key: { type: 'string', example: 'deadline:central-authority-review' },
          text: str,
          setBy: { type: 'string', enum: ['platform', 'authority'] },
          amount: nullable(int),
          unit: { type: 'string', enum: ['calendar', 'business', 'months'] },
          templates: { type: 'array', items: str },
          reason: str,
          changeId: str,
          changedAt: instant,
          platformDefault: object(
            {
              amount: nullable(int),
              unit: { type: 'string', enum: ['calendar', 'business', 'months'] },
              templates: { type: 'array', items: str },
            },
            ['amount', 'unit', 'templates'],
          ),
        },
        ['amount', 'unit', 'templates', 'reason', 'changeId', 'changedAt'],
      ),
    },
    changes: { type: 'array', items: ref('AuthorityPolicyChange') },
  }),
  MissingItem: object(
    {
      field: str,
      problem: { type: 'string', enum: ['missing', 'invalid'] },
      requirement: { type: 'string', enum: ['required', 'recommended'] },
      reason: str,
      ruleId: str,
      nature: {
        type: 'string',
        enum: ['law', 'policy', 'input'],
        description: 'law: a treaty or statute asks for it; policy: a house checklist; input: the value is unusable',
      },
      blocking: {
        type: 'boolean',
        description: 'Stops submission: only what confirmed law makes mandatory, and unusable input. Otherwise a checklist item',
      },
      ...sourced,
    },
    ['nature', 'blocking', ...SOURCED_OPTIONAL],
  ),
  LegalFinding: {
    ...object(
      {
        ruleId: str,
        topic: { type: 'string', enum: ['basis', 'channel', 'contents', 'refusal-risk', 'language', 'deadline', 'note'] },
        text: str,
        source: str,
        article: str,
        url: str,
        confidence: { type: 'string', enum: ['confirmed', 'secondary', 'unconfirmed'] },
      },
      ['article', 'url'],
    ),
    description: 'Law: what a treaty, statute or constitution says for this request, with its source and confidence',
  },
  PolicyItem: {
    ...object(
      {
        ruleId: str,
        topic: { type: 'string', enum: ['deadline', 'alert', 'contents'] },
        text: str,
        setBy: { type: 'string', enum: ['platform', 'authority'] },
        authorityId: nullable(str),
        authorityName: str,
        source: str,
      },
      ['authorityName'],
    ),
    description: "Policy: a platform default or the authority's own setting; never a legal warning, never a block",
  },
  Warning: {
    ...object(
      {
        ruleId: str,
        message: str,
        confidence: str,
        affects: {
          type: 'string',
          enum: ['basis', 'refusal', 'deadline', 'contents', 'translation', 'channel', 'context'],
          description: 'What the doubt could change for this request',
        },
        rank: { type: 'integer', minimum: 1, description: '1 = changes the most' },
        source: str,
        article: str,
        url: str,
      },
      // Evaluations frozen before the law/policy/doubt split carry only ruleId, message, confidence.
      ['affects', 'rank', 'source', 'article', 'url'],
    ),
    description: 'Doubt: secondary or unconfirmed law the answer depends on',
  },
  Evaluation: {
    ...object(
      {
        dataVersion: str,
        evaluatedAt: instant,
        date: day,
        bases: { type: 'array', items: ref('BasisCandidate') },
        chosenBasis: { allOf: [ref('BasisCandidate')], nullable: true } as SchemaObject,
        completeness: object({
          complete: { ...bool, description: 'No blocking item is missing: the request may be submitted' },
          missing: { type: 'array', items: ref('MissingItem') },
        }),
        risks: {
          type: 'array',
          items: object(
            {
              code: str,
              severity: { type: 'string', enum: ['info', 'low', 'medium', 'high'] },
              message: str,
              ruleId: str,
              mitigation: str,
              ...sourced,
            },
            ['mitigation', ...SOURCED_OPTIONAL],
          ),
        },
        language: object(
          {
            required: { type: 'array', items: str },
            draftLanguage: str,
            translationNeeded: bool,
            rules: { type: 'array', items: ref('Reason') },
          },
          ['draftLanguage'],
        ),
        deadlines: {
          type: 'array',
          items: { ...anyObject, required: ['ruleId', 'step', 'days', 'unit', 'text'] },
        },
        notes: { type: 'array', items: ref('Reason') },
        findings: { type: 'array', items: ref('LegalFinding'), description: 'Law' },
        policies: { type: 'array', items: ref('PolicyItem'), description: 'Policy' },
        warnings: {
          type: 'array',
          items: ref('Warning'),
          description: 'Doubt, deduplicated, most consequential first',
        },
      },
      // Absent only from evaluations frozen before the law/policy/doubt split.
      ['findings', 'policies'],
    ),
    description:
      'What law governs the request (findings), the policies applied (policies) and the doubts it depends on (warnings); what it still lacks, its refusal risks, languages and deadlines',
  },
  CaseEvaluation: object({
    submitted: {
      allOf: [ref('Evaluation')],
      nullable: true,
      description:
        'The evaluation the submission stood on, with its rules-data version; null before submission',
    } as SchemaObject,
    current: { allOf: [ref('Evaluation')], description: 'The same draft evaluated now' } as SchemaObject,
    changes: {
      type: 'array',
      description: 'What differs, most consequential first',
      items: object(
        {
          what: {
            type: 'string',
            enum: ['basis', 'basis-status', 'translation', 'missing', 'risks', 'warnings', 'policies', 'data'],
          },
          before: {},
          after: {},
          message: str,
        },
        ['before', 'after'],
      ),
    },
  }),
  BasisCandidate: object(
    {
      instrumentId: str,
      name: str,
      kind: str,
      rank: int,
      applicability: str,
      status: str,
      reasons: { type: 'array', items: ref('Reason') },
      supplementedBy: { type: 'array', items: str },
      channel: anyObject,
    },
    ['channel'],
  ),
  ...workSchemas(caseSummaryProperties()),
};

function caseSummaryProperties(): Record<string, SchemaObject | { $ref: string }> {
  return {
    id: uuid,
    kind: { type: 'string', enum: [...CASE_KIND_NAMES] },
    reference: nullable(str),
    summary: nullable(str),
    requestingState: jurisdiction,
    requestedState: jurisdiction,
    stage: { type: 'string', enum: [...CASE_STAGES] },
    outcome: { type: 'string', enum: [...CASE_OUTCOMES], nullable: true },
    holder: { allOf: [ref('Holder')], nullable: true } as SchemaObject,
    urgent: bool,
    neededBy: nullable(day),
    nextDueAt: nullable(instant),
    overdue: bool,
    sealed: bool,
    transmittedAt: nullable(instant),
    createdAt: instant,
    updatedAt: instant,
  };
}

export { ref as schemaRef };
