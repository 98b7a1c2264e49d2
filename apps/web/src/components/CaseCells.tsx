import { Table } from '@mantine/core';
import type { ReactNode, RefObject } from 'react';
import { useNavigate } from 'react-router';
import type { CaseSummary } from '../api/client';
import { useT } from '../i18n';
import { Countdown } from './Countdown';
import { useHolderText } from './HolderText';
import { StageBadge } from './StageBadge';

type CaseFields = Pick<
  CaseSummary,
  'kind' | 'requestingState' | 'requestedState' | 'stage' | 'holder' | 'nextDueAt' | 'overdue'
>;

/** The cells every list of cases shows between its reference and its own columns: kind, pair,
 * stage, holder and the next deadline's countdown. */
export function CaseCells({ c }: { c: CaseFields }) {
  const { t } = useT();
  const holderText = useHolderText();
  return (
    <>
      <Table.Td>{t(`kind.${c.kind}`)}</Table.Td>
      <Table.Td>
        {c.requestingState} → {c.requestedState}
      </Table.Td>
      <Table.Td>
        <StageBadge stage={c.stage} />
      </Table.Td>
      <Table.Td>{holderText(c.holder)}</Table.Td>
      <Table.Td>
        {c.nextDueAt ? (
          <Countdown dueAt={c.nextDueAt} status={c.overdue ? 'breached' : undefined} jurisdiction={c.holder?.jurisdiction} compact />
        ) : (
          '—'
        )}
      </Table.Td>
    </>
  );
}

/**
 * A row of a list of cases: focusable (j / k move through `rows`, see useListKeys) and opened
 * with Enter on the row itself.
 */
export function CaseRow({
  id,
  index,
  rows,
  testId,
  children,
}: {
  id: string;
  index: number;
  rows: RefObject<(HTMLTableRowElement | null)[]>;
  testId: string;
  children: ReactNode;
}) {
  const navigate = useNavigate();
  return (
    <Table.Tr
      ref={(el) => {
        rows.current[index] = el;
      }}
      tabIndex={0}
      className="focus-row"
      onKeyDown={(e) => {
        if (e.key === 'Enter' && e.target === e.currentTarget) navigate(`/cases/${id}`);
      }}
      data-testid={testId}
    >
      {children}
    </Table.Tr>
  );
}
