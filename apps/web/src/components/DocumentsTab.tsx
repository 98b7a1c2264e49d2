import {
  Button,
  Checkbox,
  FileInput,
  Group,
  NativeSelect,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap, type CaseDetail } from '../api/client';
import { hasRole, useSession } from '../auth/SessionProvider';
import { formatInstant } from '../format';
import { useT } from '../i18n';
import { ProblemNotice } from './ProblemNotice';
import { ColumnHeads, FormPanel } from './FormPanel';

// The Documents tab: the case's documents the caller may see (letters, signed letters, evidence,
// warrants, translations) with their versions, hashes and certifications; upload with kind and
// visibility; certification, letter generation, sharing and download; and the packages sent.
// The API decides who may do what and names the problem beside the control that caused it.

type DocumentOf = Awaited<ReturnType<typeof listDocuments>>[number];
type DocumentKind = DocumentOf['kind'];
type CertificationKind = DocumentOf['certifications'][number]['kind'];

// Held to the API's enumerations by the generated types.
const KINDS = [
  'evidence',
  'judgment_or_warrant',
  'identification',
  'translation',
  'signed_letter',
  'correspondence',
  'certification',
  'letter',
] as const satisfies readonly DocumentKind[];
const UPLOAD_KINDS = KINDS.filter((k) => k !== 'letter');
const CERTIFICATION_KINDS = ['apostilled', 'authenticated'] as const satisfies readonly CertificationKind[];

function listDocuments(id: string) {
  return unwrap(api.GET('/api/v1/cases/{id}/documents', { params: { path: { id } } }));
}

export function DocumentsTab({ c }: { c: CaseDetail }) {
  const { t, language } = useT();
  const { me } = useSession();
  const documents = useQuery({ queryKey: ['documents', c.id], queryFn: () => listDocuments(c.id) });
  const packages = useQuery({
    queryKey: ['packages', c.id],
    queryFn: () => unwrap(api.GET('/api/v1/cases/{id}/packages', { params: { path: { id: c.id } } })),
  });
  const mySide = me?.jurisdiction === c.requestingState ? 'requesting' : 'requested';
  const central = hasRole(me, 'central_authority');
  const docs = documents.data ?? [];

  return (
    <Stack gap="sm" data-testid="documents">
      <ProblemNotice error={documents.error} />
      <Paper withBorder p="sm">
        <Title order={3} size="h5">
          {t('documents.title')}
        </Title>
        {docs.length === 0 ? <Text size="sm">{t('documents.none')}</Text> : null}
        {docs.length ? (
          <Table fz="sm" verticalSpacing={4} data-testid="document-list">
            <ColumnHeads
              labels={[
                t('documents.docTitle'),
                t('documents.kind'),
                t('documents.languageShort'),
                t('documents.side'),
                t('documents.version'),
                t('documents.certifications'),
                t('documents.actions'),
              ]}
            />
            <Table.Tbody>
              {docs.map((d) => (
                <DocumentRow key={d.id} c={c} d={d} mine={d.side === mySide} central={central} />
              ))}
            </Table.Tbody>
          </Table>
        ) : null}
      </Paper>
      {hasRole(me, 'prosecutor') || central ? <Upload c={c} docs={docs} /> : null}
      {central && mySide === 'requesting' ? <GenerateLetter c={c} /> : null}
      {packages.data?.length ? (
        <Paper withBorder p="sm" data-testid="packages">
          <Title order={3} size="h5">
            {t('documents.packages')}
          </Title>
          {packages.data.map((p) => (
            <Text size="sm" key={p.seq}>
              {t('documents.package', { seq: p.seq })} · {p.fromState} → {p.toState} ·{' '}
              {formatInstant(p.createdAt, language, p.fromState)} ·{' '}
              {t('documents.packageDocs', { count: p.documents })} · {t('documents.hash')}{' '}
              <code>{p.manifestSha256.slice(0, 16)}…</code>
            </Text>
          ))}
        </Paper>
      ) : null}
    </Stack>
  );
}

function DocumentRow({
  c,
  d,
  mine,
  central,
}: {
  c: CaseDetail;
  d: DocumentOf;
  mine: boolean;
  central: boolean;
}) {
  const { t, language } = useT();
  const client = useQueryClient();
  const [certifying, setCertifying] = useState(false);
  const version = d.versions.find((v) => v.version === d.currentVersion) ?? d.versions.at(-1);
  const refresh = (updated: DocumentOf) =>
    client.setQueryData<DocumentOf[]>(['documents', c.id], (old) =>
      old?.map((o) => (o.id === updated.id ? updated : o)),
    );
  const share = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/cases/{id}/documents/{documentId}/share', {
          params: { path: { id: c.id, documentId: d.id } },
        }),
      ),
    onSuccess: refresh,
  });
  const download = useMutation({
    mutationFn: async () => {
      const { data, response } = await api.GET('/api/v1/cases/{id}/documents/{documentId}/content', {
        params: { path: { id: c.id, documentId: d.id }, query: {} },
        parseAs: 'blob',
      });
      if (!response.ok || !data) throw new Error(`HTTP ${response.status}`);
      saveBlob(data as Blob, version?.fileName ?? `${d.title}`);
    },
  });
  return (
    <>
      <Table.Tr data-testid="document" data-kind={d.kind}>
        <Table.Td>
          <Text size="sm" fw={600}>
            {d.title}
          </Text>
          {version ? (
            <Text size="xs" c="dimmed">
              {t('documents.hash')} <code>{version.sha256.slice(0, 16)}…</code> ·{' '}
              {formatInstant(version.createdAt, language, c.requestingState)}
            </Text>
          ) : null}
        </Table.Td>
        <Table.Td>{t(`docKind.${d.kind}`)}</Table.Td>
        <Table.Td>{d.language}</Table.Td>
        <Table.Td>
          {d.side === 'requesting' ? t('documents.sideRequesting') : t('documents.sideRequested')}
          <Text size="xs" fw={700}>
            {d.shared ? t('documents.sharedShort') : t('documents.internal')}
          </Text>
        </Table.Td>
        <Table.Td>{d.currentVersion}</Table.Td>
        <Table.Td data-testid="certifications">
          {d.certifications.map((cert) => (
            <Text size="xs" key={`${cert.version}-${cert.recordedAt}`}>
              {t(`certKind.${cert.kind}`)} · {cert.issuedBy} · {cert.issuedOn}
              {cert.reference ? ` · ${cert.reference}` : ''}
            </Text>
          ))}
        </Table.Td>
        <Table.Td>
          <Group gap={4}>
            <Button
              size="compact-xs"
              variant="outline"
              onClick={() => download.mutate()}
              loading={download.isPending}
              aria-label={t('documents.downloadNamed', { title: d.title })}
            >
              {t('documents.download')}
            </Button>
            {mine && !d.shared ? (
              <Button
                size="compact-xs"
                variant="outline"
                onClick={() => share.mutate()}
                loading={share.isPending}
                aria-label={t('documents.shareNamed', { title: d.title })}
              >
                {t('documents.share')}
              </Button>
            ) : null}
            {central && mine ? (
              <Button
                size="compact-xs"
                variant={certifying ? 'filled' : 'outline'}
                onClick={() => setCertifying((v) => !v)}
                aria-expanded={certifying}
                aria-label={t('documents.certifyNamed', { title: d.title })}
                data-testid="certify"
              >
                {t('documents.certify')}
              </Button>
            ) : null}
          </Group>
          <ProblemNotice error={share.error ?? download.error} />
        </Table.Td>
      </Table.Tr>
      {certifying ? (
        <Table.Tr>
          <Table.Td colSpan={7}>
            <Certify
              c={c}
              d={d}
              onDone={(updated) => {
                refresh(updated);
                setCertifying(false);
              }}
            />
          </Table.Td>
        </Table.Tr>
      ) : null}
    </>
  );
}

function Certify({ c, d, onDone }: { c: CaseDetail; d: DocumentOf; onDone: (updated: DocumentOf) => void }) {
  const { t } = useT();
  const [kind, setKind] = useState<CertificationKind>('apostilled');
  const [issuedBy, setIssuedBy] = useState('');
  const [issuedOn, setIssuedOn] = useState('');
  const [reference, setReference] = useState('');
  const certify = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/cases/{id}/documents/{documentId}/certifications', {
          params: { path: { id: c.id, documentId: d.id } },
          body: { kind, issuedBy: issuedBy.trim(), issuedOn, reference: reference.trim() || undefined },
        }),
      ),
    onSuccess: onDone,
  });
  return (
    <form
      noValidate
      aria-label={t('documents.certifyNamed', { title: d.title })}
      onSubmit={(e) => {
        e.preventDefault();
        certify.mutate();
      }}
      data-testid="certify-form"
    >
      <Group align="flex-end" gap="xs">
        <NativeSelect
          label={t('documents.certKind')}
          value={kind}
          onChange={(e) => setKind(e.currentTarget.value as CertificationKind)}
          data={CERTIFICATION_KINDS.map((k) => ({ value: k, label: t(`certKind.${k}`) }))}
        />
        <TextInput
          label={t('documents.issuedBy')}
          required
          value={issuedBy}
          onChange={(e) => setIssuedBy(e.currentTarget.value)}
        />
        <TextInput
          type="date"
          label={t('documents.issuedOn')}
          required
          value={issuedOn}
          onChange={(e) => setIssuedOn(e.currentTarget.value)}
        />
        <TextInput
          label={t('documents.certReference')}
          value={reference}
          onChange={(e) => setReference(e.currentTarget.value)}
        />
        <Button type="submit" size="sm" loading={certify.isPending}>
          {t('documents.certify')}
        </Button>
      </Group>
      <ProblemNotice error={certify.error} />
    </form>
  );
}

function Upload({ c, docs }: { c: CaseDetail; docs: DocumentOf[] }) {
  const { t, language } = useT();
  const client = useQueryClient();
  const [kind, setKind] = useState<DocumentKind>('evidence');
  const [title, setTitle] = useState('');
  const [lang, setLang] = useState<string>(language);
  const [shared, setShared] = useState(true);
  const [original, setOriginal] = useState('');
  const [translator, setTranslator] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const letters = docs.filter((d) => d.kind === 'letter');
  const upload = useMutation({
    mutationFn: () => {
      // Fields first, the file last: the api streams the file and needs to know what it is first.
      const form = new FormData();
      form.append('kind', kind);
      form.append('title', title.trim());
      form.append('language', lang.trim());
      form.append('shared', String(shared));
      if (kind === 'translation') {
        if (original) form.append('translationOf', original);
        if (translator.trim()) form.append('translator', translator.trim());
      }
      if (kind === 'signed_letter' && original) form.append('signedLetterOf', original);
      if (file) form.append('file', file);
      return unwrap(
        api.POST('/api/v1/cases/{id}/documents', {
          params: { path: { id: c.id } },
          body: form as never,
          bodySerializer: (body) => body as unknown as FormData,
        }),
      );
    },
    onSuccess: () => {
      setTitle('');
      setFile(null);
      void client.invalidateQueries({ queryKey: ['documents', c.id] });
    },
  });
  const originals = kind === 'translation' ? docs.filter((d) => d.kind !== 'translation') : letters;
  return (
    <FormPanel title={t('documents.upload')} onSubmit={() => upload.mutate()} testId="upload">
      <Group align="flex-start" grow>
        <NativeSelect
          label={t('documents.kind')}
          value={kind}
          onChange={(e) => {
            setKind(e.currentTarget.value as DocumentKind);
            setOriginal('');
          }}
          data={UPLOAD_KINDS.map((k) => ({ value: k, label: t(`docKind.${k}`) }))}
          data-input="kind"
        />
        <TextInput
          label={t('documents.docTitle')}
          required
          value={title}
          onChange={(e) => setTitle(e.currentTarget.value)}
          data-input="title"
        />
        <TextInput
          label={t('documents.language')}
          required
          maxLength={3}
          value={lang}
          onChange={(e) => setLang(e.currentTarget.value)}
          data-input="language"
        />
      </Group>
      {kind === 'translation' || kind === 'signed_letter' ? (
        <Group align="flex-start" grow mt="xs">
          <NativeSelect
            label={kind === 'translation' ? t('documents.translationOf') : t('documents.signedLetterOf')}
            value={original}
            onChange={(e) => setOriginal(e.currentTarget.value)}
            data={[{ value: '', label: '—' }, ...originals.map((d) => ({ value: d.id, label: d.title }))]}
            required
            data-input="original"
          />
          {kind === 'translation' ? (
            <TextInput
              label={t('documents.translator')}
              required
              value={translator}
              onChange={(e) => setTranslator(e.currentTarget.value)}
            />
          ) : null}
        </Group>
      ) : null}
      <Group align="flex-end" mt="xs">
        <FileInput
          label={t('documents.file')}
          required
          value={file}
          onChange={setFile}
          clearable
          w={320}
          data-input="file"
        />
        <Checkbox
          label={t('documents.shared')}
          checked={shared}
          onChange={(e) => setShared(e.currentTarget.checked)}
        />
        <Button type="submit" loading={upload.isPending} data-testid="upload-submit">
          {t('documents.upload')}
        </Button>
      </Group>
      <ProblemNotice error={upload.error} />
    </FormPanel>
  );
}

function GenerateLetter({ c }: { c: CaseDetail }) {
  const { t } = useT();
  const client = useQueryClient();
  const [language, setLanguage] = useState('');
  const generate = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/cases/{id}/letter', {
          params: { path: { id: c.id } },
          body: language ? { language: language as 'es' | 'en' } : {},
        }),
      ),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['documents', c.id] }),
  });
  return (
    <FormPanel title={t('documents.generateLetter')} onSubmit={() => generate.mutate()} hideTitle>
      <Group align="flex-end">
        <NativeSelect
          label={t('documents.letterLanguage')}
          value={language}
          onChange={(e) => setLanguage(e.currentTarget.value)}
          data={[
            { value: '', label: t('documents.letterDefault') },
            { value: 'es', label: t('language.es') },
            { value: 'en', label: t('language.en') },
          ]}
        />
        <Button type="submit" variant="outline" loading={generate.isPending} data-testid="generate-letter">
          {t('documents.generateLetter')}
        </Button>
      </Group>
      <ProblemNotice error={generate.error} />
    </FormPanel>
  );
}

/** Hands a downloaded file to the browser as a download. */
function saveBlob(blob: Blob, fileName: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
