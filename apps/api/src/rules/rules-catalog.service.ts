import { HttpStatus, Injectable } from '@nestjs/common';
import { RulesDataStore } from '@comity/rules-store';
import {
  evaluateDraft,
  instrumentStatusAt,
  type Authority,
  type DraftRequest,
  type Evaluation,
  type Instrument,
  type Jurisdiction,
  type RulesIndex,
} from '@comity/treaty-rules';
import { ProblemException } from '../common/problem';
import type { AuthoritiesQuery, InstrumentsQuery } from './dto/rules-queries.dto';
import { currentIndex } from './rules-index';

export interface Listing<T> {
  /** The data version (files and status changes) the answer comes from. */
  dataVersion: string;
  items: T[];
}

export interface StatusAtView {
  date: string;
  status: string;
  usable: boolean;
  message: string;
  from: string | null;
  to: string | null;
  ruleId: string;
  source: string;
  article?: string;
  url?: string;
  confidence: string;
}

export type InstrumentSummary = Pick<
  Instrument,
  'id' | 'name' | 'shortName' | 'kind' | 'scope' | 'parties' | 'source' | 'article' | 'confidence'
> & { statusAt: StatusAtView };

// Read-only views of the rules data and the draft evaluation, all from the store's current index.
@Injectable()
export class RulesCatalogService {
  constructor(private readonly store: RulesDataStore) {}

  async jurisdictions(): Promise<Listing<Jurisdiction>> {
    const index = await currentIndex(this.store);
    return { dataVersion: index.version, items: index.data.jurisdictions.jurisdictions };
  }

  async authorities(query: AuthoritiesQuery): Promise<Listing<Authority>> {
    const index = await currentIndex(this.store);
    const items = index.data.authorities.authorities.filter(
      (a) =>
        (!query.jurisdiction || a.jurisdiction === query.jurisdiction) &&
        (!query.kind || a.kind === query.kind),
    );
    return { dataVersion: index.version, items };
  }

  async instruments(query: InstrumentsQuery, today: Date): Promise<Listing<InstrumentSummary>> {
    const index = await currentIndex(this.store);
    const at = query.at ?? isoDay(today);
    const items = index.data.instruments.instruments
      .filter(
        (i) =>
          (!query.kind || i.kind === query.kind) &&
          (!query.scope || i.scope.includes(query.scope)) &&
          (!query.jurisdiction ||
            i.openToAll === true ||
            i.parties.some((p) => p.state === query.jurisdiction)),
      )
      .map((i) => ({
        id: i.id,
        name: i.name,
        shortName: i.shortName,
        kind: i.kind,
        scope: i.scope,
        parties: i.parties,
        source: i.source,
        ...(i.article ? { article: i.article } : {}),
        confidence: i.confidence,
        statusAt: statusAtView(i, at),
      }));
    return { dataVersion: index.version, items };
  }

  async instrument(
    id: string,
    at: string | undefined,
    today: Date,
  ): Promise<Instrument & { dataVersion: string; statusAt: StatusAtView }> {
    const index = await currentIndex(this.store);
    const instrument = requireInstrument(index, id);
    return {
      ...instrument,
      dataVersion: index.version,
      statusAt: statusAtView(instrument, at ?? isoDay(today)),
    };
  }

  async evaluate(draft: DraftRequest, now: Date): Promise<Evaluation> {
    return evaluateDraft(draft, await currentIndex(this.store), now);
  }
}

export function requireInstrument(index: RulesIndex, id: string): Instrument {
  const instrument = index.instruments.get(id);
  if (!instrument)
    throw new ProblemException(HttpStatus.NOT_FOUND, 'Instrument not found', `No instrument '${id}'`);
  return instrument;
}

export function statusAtView(instrument: Instrument, date: string): StatusAtView {
  const s = instrumentStatusAt(instrument, date);
  return {
    date,
    status: s.status,
    usable: s.usable,
    message: s.message,
    from: s.period?.from ?? null,
    to: s.period?.to ?? null,
    ruleId: s.ruleId,
    source: s.source,
    ...(s.article ? { article: s.article } : {}),
    ...(s.url ? { url: s.url } : {}),
    confidence: s.confidence,
  };
}

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}
