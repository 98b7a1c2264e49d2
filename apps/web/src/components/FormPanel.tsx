import { Paper, Table, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/**
 * An inline form in a bordered panel, named for assistive technology by its title (shown as a
 * heading unless `hideTitle`), checked by the API rather than the browser (noValidate).
 */
export function FormPanel({
  title,
  onSubmit,
  hideTitle = false,
  testId,
  children,
}: {
  title: string;
  onSubmit: () => void;
  hideTitle?: boolean;
  testId?: string;
  children: ReactNode;
}) {
  return (
    <Paper
      withBorder
      p="sm"
      component="form"
      noValidate
      aria-label={title}
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
      data-testid={testId}
    >
      {hideTitle ? null : (
        <Title order={3} size="h5">
          {title}
        </Title>
      )}
      {children}
    </Paper>
  );
}

/** The header row of a data table: one column header per label. */
export function ColumnHeads({ labels }: { labels: string[] }) {
  return (
    <Table.Thead>
      <Table.Tr>
        {labels.map((label) => (
          <Table.Th scope="col" key={label}>
            {label}
          </Table.Th>
        ))}
      </Table.Tr>
    </Table.Thead>
  );
}
