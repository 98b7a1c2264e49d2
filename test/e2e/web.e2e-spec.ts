import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { en } from '../../apps/web/src/i18n/en';
import { es } from '../../apps/web/src/i18n/es';
import { launchChromium } from '../support/browser';
import { minimalPdf } from '../support/documents';
import { startHnToUs, type HnToUs } from '../support/hn-to-us';
import { createAuthority, createUser } from '../support/auth';
import { FULL_DRAFT, type Person } from '../support/people';
import {
  castForExtradition,
  extraditionDraft,
  shareSupportingDocuments,
  TRANSMISSION,
  type ExtraditionCast,
} from '../support/us-to-mx';
import { buildWebApp, offlineDocument } from '../support/web-build';
import {
  daysLeftSaid,
  expectCleanScreens,
  hoursAgo,
  inBrowser as runInBrowser,
  webSteps,
  type Dictionary,
  type InBrowserArgs,
} from '../support/web-steps';

// The web application over the real stack (api serving the built app, worker, Temporal,
// PostgreSQL), in Debian's chromium: a prosecutor files an MLA request, the central authority
// returns it, the prosecutor amends it, it is approved, translated, transmitted, acknowledged,
// executed and answered by the other state, and a supervisor checks the board and extends a
// deadline. Once in Spanish at 1280×720 and once in English on a wide window; axe on every screen,
// a screenshot of each (test-artifacts/web), and no console error.

// Minutes per flow on a loaded 2-core machine (each sign-in, action and axe pass waits on the real stack).
jest.setTimeout(600_000);

let platform: HnToUs;
let browser: Browser;
let base: string;
let served: Record<string, unknown>;
let offline: Record<string, unknown>;
const webDir = mkdtempSync(join(tmpdir(), 'comity-web-'));

beforeAll(async () => {
  const document = await offlineDocument();
  offline = JSON.parse(JSON.stringify(document));
  await buildWebApp(document, webDir);
  process.env.WEB_DIST_DIR = webDir;
  platform = await startHnToUs();
  base = await platform.api.getUrl();
  served = (await (await fetch(`${base}/api/docs-json`)).json()) as Record<string, unknown>;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await platform?.close();
  delete process.env.WEB_DIST_DIR;
  rmSync(webDir, { recursive: true, force: true });
});

test('the client is generated from the very document the api serves', () => {
  expect(offline).toEqual(served);
});

test('the api serves the app at / and keeps /api and /health its own', async () => {
  const page = await fetch(`${base}/cases/some-case`, { headers: { accept: 'text/html' } });
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('<div id="root">');
  const unknown = await fetch(`${base}/api/v1/no-such-thing`, { headers: { accept: 'text/html' } });
  expect(unknown.status).toBe(404);
  expect(unknown.headers.get('content-type')).toContain('application/problem+json');
  expect((await fetch(`${base}/health`)).headers.get('content-type')).toContain('application/json');
});

/** The steps of a flow on this run's app (see test/support/web-steps). */
const pageSteps = (page: Page, L: Dictionary, reference: string) => webSteps(page, L, reference, base);
const inBrowser = (...args: InBrowserArgs) => runInBrowser(browser, ...args);

async function flow(language: 'es' | 'en', viewport: { width: number; height: number }) {
  const L: Dictionary = language === 'es' ? es : en;
  const { cast } = platform;
  const reference = `HN-WEB-${language.toUpperCase()}-${Date.now()}`;
  return inBrowser(language, viewport, 'mla', 'America/Tegucigalpa', async (page, check) => {
    const { button, field, stage, signIn, signOut, openCase, act } = pageSteps(page, L, reference);
    // Sign-in page; the language is chosen there (Spanish unless the user picks English).
    await page.goto(base);
    await page.getByLabel(es['login.email']).waitFor();
    if (language === 'en') await page.getByText('EN', { exact: true }).click();
    await page.getByRole('heading', { name: L['login.title'] }).waitFor();
    await check.visit('sign-in');

    // The prosecutor drafts with live findings beside the form.
    await signIn(cast.hnProsecutor);
    await page.getByRole('heading', { name: L['nav.myCases'] }).waitFor();
    await check.visit('my-cases');
    await page.getByRole('link', { name: L['nav.newCase'] }).first().click();
    await field(L['field.reference']).fill(reference);
    await field(L['field.requestingAuthority']).fill('Ministerio Público de Honduras');
    await field(L['field.investigatingAuthority']).fill('FESCCO');
    await page.getByTestId('basis').getByText(L['rules.noBasis']).waitFor({ state: 'detached' });
    await page.getByTestId('checklist').waitFor();
    await check.visit('drafting');
    await button(L['draft.create']).click();
    await field(L['field.subject']).fill('Money laundering');
    await field(L['field.factsSummary']).fill('Funds moved through accounts in Miami');
    await field(L['field.offences.description']).fill('Money laundering');
    await field(L['field.offences.maxPenaltyYears']).fill('15');
    await button(L['draft.next']).click();
    await field(L['field.assistanceSought']).fill('Bank records of two accounts');
    await field(L['field.purpose']).fill('Trace the proceeds');
    await button(L['draft.next']).click();
    await field(L['field.personsConcerned.name']).fill('Account holders');
    await button(L['draft.next']).click();
    await page.getByText(L['draft.ready']).waitFor();
    await check.visit('drafting-review');
    await page.getByTestId('submit').click();
    await stage('central_authority_review');
    await check.visit('case-submitted');
    await signOut();

    // The central authority reviews with the findings beside the draft, and returns it.
    await signIn(cast.hnCentral);
    await page.getByRole('heading', { name: L['list.queue'] }).waitFor();
    // A reload keeps the session: the access token (memory only) is renewed with the refresh token.
    await page.reload();
    await page.getByRole('heading', { name: L['list.queue'] }).waitFor();
    await check.visit('queue');
    await openCase();
    await page.getByTestId('findings').waitFor();
    await page.getByTestId('draft').waitFor();
    await check.visit('review');
    await check.expectRefusal(async () => {
      await page.locator('button[data-action="return"]').click();
      await page.getByTestId('confirm').click();
      // A return without reasons is refused by the api; its problem shows beside the action.
      await page.getByTestId('action-form').getByTestId('problem').waitFor();
    });
    await check.visit('return-refused');
    await page.getByTestId('reason').fill('Add the account numbers and the period covered.');
    await page.getByTestId('confirm').click();
    await stage('draft');
    await signOut();

    // The prosecutor sees why and amends the draft, which saves itself, and submits again.
    await signIn(cast.hnProsecutor);
    await openCase();
    await page.locator('a[data-action="edit_draft"]').click();
    await page.getByTestId('return-reasons').getByText('Add the account numbers').waitFor();
    await page.getByRole('button', { name: L['draft.step.assistance'] }).click();
    await field(L['field.assistanceSought']).fill(
      'Bank records of accounts 0042 and 0043, January 2023 to June 2025',
    );
    await page.getByTestId('save-state').getByText(L['draft.saved'].split(' ')[0]).waitFor();
    await check.visit('amending');
    await page.getByRole('button', { name: L['draft.step.review'] }).click();
    await page.getByTestId('submit').click();
    await stage('central_authority_review');
    await signOut();

    // The central authority approves, records the translation and transmits, with its details.
    await signIn(cast.hnCentral);
    await openCase();
    await act('approve');
    await stage('translation');
    await act('record_translation', 'English, sworn translator');
    await stage('ready_to_transmit');
    await act('transmit', 'Diplomatic note 123/2026, sent 28 November');
    await stage('transmitted');
    await page.getByTestId('transmission').getByText('Diplomatic note 123/2026').waitFor();
    await check.visit('transmitted');
    await signOut();

    // The requested state acknowledges and begins execution.
    await signIn(cast.usCentral);
    await openCase();
    await act('acknowledge');
    await stage('acknowledged');
    await act('begin_execution');
    await stage('under_execution');
    await check.visit('requested-side');
    await act('request_supplementary_information', 'Which period do the records cover?');
    await stage('supplementary_information');
    await signOut();

    // The prosecutor answers the requested state's question, shown above the answer.
    await signIn(cast.hnProsecutor);
    await openCase();
    await page.locator('button[data-action="answer_supplementary_information"]').click();
    await page.getByTestId('question').getByText('Which period do the records cover?').waitFor();
    await check.visit('supplementary-information');
    await page.getByTestId('reason').fill('January 2023 to June 2025');
    await page.getByTestId('confirm').click();
    await stage('under_execution');
    await signOut();

    // A supervisor of the requesting side: the board (audit verification), the case, a deadline extended.
    await signIn(cast.hnSupervisor);
    await page.getByRole('heading', { name: L['dashboard.title'] }).waitFor();
    await page.getByTestId('audit-verify').getByText(L['dashboard.auditOk']).waitFor();
    await page.getByTestId('chart-aging').locator('svg[role="application"]').waitFor();
    await check.visit('dashboard');
    // The aging report's drill-down leads to the cases behind it.
    await page
      .getByTestId('chart-aging')
      .getByTestId('drill')
      .filter({ hasText: L['stage.under_execution'] })
      .click();
    await openCase();
    await page.getByTestId('deadlines').waitFor();
    const extend = page.locator('button[data-action="extend_deadline"]').first();
    await extend.click();
    const later = new Date(Date.now() + 2 * 365 * 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel(L['case.newDueDate']).fill(later);
    await page.getByTestId('reason').fill('Court recess in the requested state');
    await page.getByTestId('confirm').click();
    await page.getByRole('form', { name: L['action.extend_deadline'] }).waitFor({ state: 'detached' });
    await page.getByRole('tab', { name: L['case.tab.timeline'] }).click();
    await page.getByTestId('timeline').getByText(L['action.extend_deadline']).waitFor();
    await check.visit('timeline');
    await signOut();

    // The requested state answers: the final response.
    await signIn(cast.usCentral);
    await openCase();
    await page.locator('button[data-action="record_final_response"]').click();
    await page.getByTestId('reason').fill('Records of both accounts delivered');
    await page.getByTestId('confirm').click();
    await stage('responded');
    await check.visit('responded');
    // Idle logout: with an idle timeout of one second, the next check (every 10 s) ends the session.
    await page.evaluate(() => sessionStorage.setItem('comity.idleTimeout', '1'));
    await page.getByTestId('session-ended').waitFor({ timeout: 20_000 });
    expect(await page.evaluate(() => sessionStorage.getItem('comity.refresh'))).toBeNull();
    // The language choice was remembered across sign-outs.
    expect(await page.evaluate(() => document.documentElement.lang)).toBe(language);
  });
}

// An extradition with a provisional arrest: a US prosecutor drafts it (person sought, request
// type, supporting documents), OIA approves and transmits it by diplomatic note, Mexico records
// the arrest and the formal-request window starts running from it, the documents gate refuses the
// formal request until the warrant (apostilled), the identification and the signed letter are
// shared, then OIA transmits the formal request and Mexico takes it through its judicial phase
// (objections, the judge's opinion, the grant, an amparo denied) to the surrender.
async function extraditionFlow(language: 'es' | 'en', viewport: { width: number; height: number }) {
  const L: Dictionary = language === 'es' ? es : en;
  const people = await castForExtradition(platform.api, platform.ds);
  const reference = `DOJ-OIA-WEB-${language.toUpperCase()}-${Date.now()}`;
  const timeZone = 'America/Mexico_City';
  return inBrowser(language, viewport, 'extradition', timeZone, async (page, check) => {
    const { button, field, stage, chooseLanguage, signIn, signOut, openCase, act } = pageSteps(
      page,
      L,
      reference,
    );
    const documentsTab = () => page.getByRole('tab', { name: L['case.tab.documents'] }).click();
    const upload = async (kind: string, title: string, original?: number) => {
      const form = page.getByTestId('upload');
      await form.locator('select[data-input="kind"]').selectOption(kind);
      await form.getByRole('textbox', { name: L['documents.docTitle'] }).fill(title);
      await form.getByRole('textbox', { name: L['documents.language'] }).fill('es');
      if (original) await form.locator('select[data-input="original"]').selectOption({ index: original });
      await form
        .locator('input[type="file"]')
        .setInputFiles({ name: `${kind}.pdf`, mimeType: 'application/pdf', buffer: minimalPdf(title) });
      await form.getByTestId('upload-submit').click();
      await page.getByTestId('document').filter({ hasText: title }).waitFor();
    };
    const transmission = async (action: string, note: string) => {
      await page.locator(`button[data-action="${action}"]`).click();
      const form = page.getByTestId('action-form');
      await form.locator('select[data-input="channel"]').selectOption('diplomatic_note');
      await form.getByRole('textbox', { name: L['input.referenceNumber'] }).fill(note);
      await form.locator('input[data-input="sentAt"]').fill(hoursAgo(1, timeZone));
      await page.getByTestId('confirm').click();
    };
    await chooseLanguage(language);

    // The US prosecutor drafts the extradition: request type, person sought, supporting documents.
    await signIn(people.usProsecutor);
    await page.getByRole('link', { name: L['nav.newCase'] }).first().click();
    await page.getByRole('radio', { name: L['kind.extradition'] }).check();
    await page.getByRole('heading', { name: L['draft.newExtraditionTitle'] }).waitFor();
    await page
      .getByRole('combobox', { name: L['field.requestType'] })
      .selectOption('provisional_then_formal');
    await field(L['field.reference']).fill(reference);
    await field(L['field.requestingAuthority']).fill(
      'US Department of Justice, Office of International Affairs',
    );
    await page.getByTestId('basis').getByText(L['rules.noBasis']).waitFor({ state: 'detached' });
    await button(L['draft.create']).click();
    await field(L['field.subject']).fill('Wire fraud');
    await field(L['field.factsSummary']).fill('Investors defrauded through wire transfers, 2023 to 2025');
    await field(L['field.offences.description']).fill('Wire fraud');
    await field(L['field.offences.maxPenaltyYears']).fill('20');
    await button(L['draft.next']).click();
    await field(L['field.personSought.name']).fill('John Doe');
    await field(L['field.personSought.nationalities']).fill('US');
    await page
      .getByRole('combobox', { name: L['field.personSought.custodyStatus'] })
      .selectOption('at_large');
    await field(L['field.redNoticeRef']).fill('A-1234/5-2026');
    await check.visit('extradition-person-sought');
    await button(L['draft.next']).click();
    for (const d of [
      'arrestWarrant',
      'sentence',
      'offenceDescription',
      'penalLaw',
      'prescriptionRules',
      'identification',
    ]) {
      await page.getByRole('checkbox', { name: L[`field.documents.${d}`] }).check();
    }
    await page.getByRole('checkbox', { name: L['language.es'] }).check();
    await page.getByRole('checkbox', { name: L['language.en'] }).check();
    await button(L['draft.next']).click();
    await page.getByText(L['draft.ready']).waitFor();
    await check.visit('extradition-review');
    await page.getByTestId('submit').click();
    await stage('central_authority_review');
    await page.getByTestId('person-card').getByText('John Doe').waitFor();
    await signOut();

    // OIA approves and transmits the provisional-arrest request by diplomatic note.
    await signIn(people.usCentral);
    await openCase();
    await act('approve');
    await stage('ready_to_transmit');
    await transmission('transmit', 'DOS-LEI-WEB-0173');
    await stage('provisional_arrest_requested');
    await page.getByTestId('transmission').getByText('DOS-LEI-WEB-0173').waitFor();
    await check.visit('extradition-transmitted');
    await signOut();

    // Mexico records the arrest; the formal-request window runs from it, prominent on the case.
    await signIn(people.mxCentral);
    await openCase();
    await page.getByTestId('custody').getByText(L['custody.at_large']).waitFor();
    await page.locator('button[data-action="record_arrest"]').click();
    await page.locator('input[data-input="arrestedAt"]').fill(hoursAgo(2, timeZone));
    await page.getByRole('textbox', { name: L['input.place'] }).fill('Ciudad de México');
    await check.visit('extradition-arrest-form');
    await page.getByTestId('confirm').click();
    await stage('awaiting_formal_request');
    const clock = page.getByTestId('legal-clock').filter({ hasText: L['extradition.clock.formal-request'] });
    await clock.waitFor();
    expect(await clock.getByTestId('countdown').getAttribute('data-breached')).toBe('false');
    // US–MX 1978 Art. 11: 60 days from the arrest.
    const daysLeft = daysLeftSaid(L, await clock.getByTestId('countdown').innerText());
    expect(daysLeft).toBeGreaterThanOrEqual(58);
    expect(daysLeft).toBeLessThanOrEqual(61);
    await page.getByTestId('custody').getByText(L['custody.in_custody']).waitFor();
    await page.getByTestId('arrest').getByText('Ciudad de México').waitFor();
    await check.visit('extradition-arrest-recorded');
    await signOut();

    // OIA: the formal request is refused until its supporting documents are shared (the gate).
    await signIn(people.usCentral);
    await openCase();
    await page.getByTestId('legal-clock').waitFor();
    await check.visit('extradition-legal-clock');
    await check.expectRefusal(async () => {
      await transmission('transmit_formal_request', 'DOS-LEI-WEB-0190');
      await page.getByTestId('action-form').locator('[data-testid="problem"][data-status="422"]').waitFor();
    });
    await check.visit('extradition-documents-missing');
    await page.getByRole('button', { name: L['common.cancel'] }).click();

    // The documents tab: the warrant uploaded, shared and apostilled; the identification; the
    // request letter generated and its signed copy uploaded.
    await documentsTab();
    await upload('judgment_or_warrant', 'Arrest warrant, S.D.N.Y.');
    await upload('identification', 'Identification record');
    const warrant = page.getByTestId('document').filter({ hasText: 'Arrest warrant, S.D.N.Y.' });
    await warrant.getByTestId('certify').click();
    const certify = page.getByTestId('certify-form');
    await certify.locator('select').selectOption('apostilled');
    await certify.getByRole('textbox', { name: L['documents.issuedBy'] }).fill('US Department of State');
    await certify.locator('input[type="date"]').fill(new Date().toISOString().slice(0, 10));
    await certify.getByRole('button', { name: L['documents.certify'], exact: true }).click();
    await warrant.getByTestId('certifications').getByText(L['certKind.apostilled']).waitFor();
    await page.getByTestId('generate-letter').click();
    await page.locator('[data-testid="document"][data-kind="letter"]').waitFor();
    await upload('signed_letter', 'Signed formal request', 1);
    await check.visit('extradition-documents');

    // Now the formal request goes, inside the window.
    await page.getByRole('tab', { name: L['case.tab.summary'] }).click();
    await transmission('transmit_formal_request', 'DOS-LEI-WEB-0190');
    await stage('formal_request_received');
    await check.visit('extradition-formal-request');
    await signOut();

    // Mexico admits the request: its judicial phase (objections first), shown as the procedure's steps.
    await signIn(people.mxCentral);
    await openCase();
    await act('admit_request');
    await stage('objections');
    await page.getByTestId('procedure').getByText(L['stage.objection_evidence']).waitFor();
    await check.visit('extradition-judicial-phase');

    // The judicial phase to its end (LEI arts. 25–33): objections, the judge's opinion, the SRE's
    // grant, an amparo denied; then the surrender window runs and the surrender is recorded.
    const confirm = async (action: string) => {
      await page.locator(`button[data-action="${action}"]`).click();
      await page.getByTestId('confirm').click();
    };
    await act('record_objections', 'Mistaken identity');
    await stage('objection_evidence');
    await page.locator('button[data-action="record_judge_opinion"]').click();
    await page.getByRole('radio', { name: L['input.opinion.favourable'], exact: true }).check();
    await page.getByTestId('confirm').click();
    await stage('executive_decision');
    await confirm('grant');
    await stage('amparo_window');
    // The amparo window runs, its days left said in the screen's language.
    const amparo = page.getByTestId('legal-clock').filter({ hasText: L['extradition.clock.amparo-window'] });
    await amparo.waitFor();
    expect(daysLeftSaid(L, await amparo.getByTestId('countdown').innerText())).toBeGreaterThan(0);
    await page.locator('button[data-action="file_appeal"]').click();
    await page.getByRole('combobox', { name: L['input.remedy'] }).selectOption('amparo');
    await page.getByTestId('confirm').click();
    await stage('appeal_pending');
    await page.getByTestId('off-path').waitFor();
    await page.locator('button[data-action="resolve_appeal"]').click();
    await page.getByRole('radio', { name: L['input.appealResult.dismissed'], exact: true }).check();
    await page.getByTestId('reason').fill('Amparo denied');
    await page.getByTestId('confirm').click();
    await stage('surrender_pending');
    await page.getByTestId('legal-clock').filter({ hasText: L['extradition.clock.surrender'] }).waitFor();
    await check.visit('extradition-surrender-window');
    await page.locator('button[data-action="record_surrender"]').click();
    await page.locator('input[data-input="surrenderedAt"]').fill(hoursAgo(0, timeZone));
    await page.getByRole('textbox', { name: L['input.place'] }).fill('AICM, Ciudad de México');
    await page.getByRole('textbox', { name: L['input.escorts'] }).fill('US Marshals Service');
    await page.getByTestId('confirm').click();
    await stage('specialty_monitoring');
    await page.getByTestId('custody').getByText(L['custody.surrendered']).waitFor();
    await page.getByTestId('surrender').getByText('AICM, Ciudad de México').waitFor();
    await check.visit('extradition-surrendered');
  });
}

// Administration and assignment: an administrator creates a user and looks over authorities,
// treaties and webhooks; a central authority claims a case from the queue; a supervisor of the same
// authority reassigns it to a colleague, refused without a reason, then with one.
async function adminAndAssignmentFlow(language: 'es' | 'en', viewport: { width: number; height: number }) {
  const L: Dictionary = language === 'es' ? es : en;
  const { cast, ds, h } = platform;
  const reference = `HN-ASSIGN-${language.toUpperCase()}-${Date.now()}`;
  const hnCentralAuthority = {
    id: cast.hnCentral.user.authorityId,
    jurisdiction: 'HN',
    kind: 'central_authority' as const,
  };
  const colleague = await createUser(ds, hnCentralAuthority, ['central_authority']);
  const colleagueName = `Beatriz Colindres ${language}`;
  await ds.query(`UPDATE users SET display_name = $2 WHERE id = $1`, [colleague.id, colleagueName]);
  const admin = await createUser(ds, await createAuthority(ds, 'HN', 'platform'), ['admin']);
  const created = await h.post('/cases', cast.hnProsecutor, {
    kind: 'mla',
    requestedState: 'US',
    draft: { ...FULL_DRAFT, reference },
  });
  expect(created.status).toBe(201);
  const id = created.body.id as string;
  expect((await h.act(id, 'submit', cast.hnProsecutor)).status).toBe(200);

  return inBrowser(language, viewport, 'admin', 'America/Tegucigalpa', async (page, check) => {
    const { chooseLanguage, signIn, signOut, openCase, openCaseAt } = pageSteps(page, L, reference);
    await chooseLanguage(language);

    // The administrator: users and roles (a new user created), authorities, treaties, webhooks.
    await signIn({ user: admin, auth: '' });
    await page.getByRole('heading', { name: L['admin.users'] }).waitFor();
    const email = `new-central-${Date.now()}@test.comity.dev`;
    const form = page.getByTestId('create-user');
    await form.getByRole('textbox', { name: L['field.email'] }).fill(email);
    await form.getByRole('textbox', { name: L['admin.name'] }).fill('Ana Gómez');
    await form.getByRole('combobox', { name: L['admin.authority'] }).selectOption(hnCentralAuthority.id);
    await form.getByLabel(L['admin.password']).fill('a-long-initial-password-2026');
    await form.getByRole('checkbox', { name: L['role.central_authority'] }).check();
    await form.getByRole('button', { name: L['admin.createUser'] }).click();
    await page.locator(`[data-testid="user"][data-email="${email}"]`).waitFor();
    await check.visit('admin-users');
    await page.getByRole('link', { name: L['nav.authorities'] }).click();
    await page.getByRole('heading', { name: L['admin.authorities'] }).waitFor();
    await check.visit('admin-authorities');
    await page.getByRole('link', { name: L['nav.instruments'] }).click();
    await page.getByTestId('instrument').first().getByRole('button').click();
    await page.getByTestId('status-history').waitFor();
    await check.visit('admin-instruments');
    await page.getByRole('link', { name: L['nav.webhooks'] }).click();
    await page.getByRole('heading', { name: L['admin.webhooks'] }).waitFor();
    await check.visit('admin-webhooks');
    await signOut();

    // The central authority claims the case from the case page.
    await signIn(cast.hnCentral);
    await openCase();
    await page.getByTestId('claim').click();
    await page.getByTestId('holder').getByText(L['assign.me']).waitFor();
    await signOut();

    // A supervisor of that authority reassigns it: refused without a reason, then with one.
    await signIn(cast.hnSupervisor);
    await openCaseAt(id);
    await page.getByTestId('assign').click();
    // Offered by name among the desk's colleagues.
    await page.getByRole('combobox', { name: L['assign.to'] }).selectOption({ label: colleagueName });
    await check.expectRefusal(async () => {
      await page.getByTestId('assign-confirm').click();
      await page.getByTestId('assign-form').locator('[data-testid="problem"][data-status="422"]').waitFor();
    });
    await check.visit('reassign-refused');
    await page
      .getByRole('textbox', { name: L['assign.reason'] })
      .fill('Workload: the colleague covers HN–US requests');
    await page.getByTestId('assign-confirm').click();
    await page.getByTestId('assign-form').waitFor({ state: 'detached' });
    await page.getByRole('tab', { name: L['case.tab.timeline'] }).click();
    await page.getByTestId('timeline').getByText(L['action.assignment.reassign']).waitFor();
    await page.getByTestId('timeline').getByText('Workload: the colleague covers HN–US requests').waitFor();
    await check.visit('reassigned');
  });
}

/**
 * A formal extradition request drafted, cleared and transmitted over HTTP with its supporting
 * documents shared, for a flow that starts in the requested state; its id.
 */
async function formalRequestTransmitted(
  requestedState: string,
  prosecutor: Person,
  central: Person,
  draft: Record<string, unknown>,
): Promise<string> {
  const { h } = platform;
  const created = await h.post('/cases', prosecutor, {
    kind: 'extradition',
    requestedState,
    draft: extraditionDraft({ requestType: 'formal', ...draft }),
  });
  expect(created.status).toBe(201);
  const id = created.body.id as string;
  expect((await h.act(id, 'submit', prosecutor)).status).toBe(200);
  expect((await h.act(id, 'approve', central)).status).toBe(200);
  await shareSupportingDocuments(platform.api, id, prosecutor, central);
  expect((await h.act(id, 'transmit', central, { transmission: TRANSMISSION })).status).toBe(200);
  return id;
}

/** A requested state's judicial phase as the browser walks it, from admission to the surrender window. */
interface JudicialPath {
  requestedState: 'US' | 'GT';
  requesting: { prosecutor: keyof ExtraditionCast; central: keyof ExtraditionCast };
  requested: keyof ExtraditionCast;
  timeZone: string;
  /** The judicial stages the procedure shows after admission. */
  steps: string[];
  /** Each decision, its reason, and the stage it leads to. */
  decisions: [action: string, reason: string, to: string][];
}

const JUDICIAL_PATHS: Record<'US' | 'GT', JudicialPath> = {
  // Hearing and certification (18 U.S.C. § 3184), then the Secretary of State (§ 3186).
  US: {
    requestedState: 'US',
    requesting: { prosecutor: 'mxProsecutor', central: 'mxCentral' },
    requested: 'usCentral',
    timeZone: 'America/New_York',
    steps: ['extradition_hearing', 'executive_decision'],
    decisions: [
      ['certify', 'Certified by the magistrate judge, S.D. Tex.', 'executive_decision'],
      ['grant', 'Surrender warrant signed by the Deputy Secretary of State', 'surrender_pending'],
    ],
  },
  // The sentencing court decides (Decreto 28-2008); no executive phase.
  GT: {
    requestedState: 'GT',
    requesting: { prosecutor: 'mxProsecutor', central: 'mxCentral' },
    requested: 'gtCentral',
    timeZone: 'America/Guatemala',
    steps: ['court_hearing'],
    decisions: [['grant', 'Tribunal de Sentencia: procede la extradición', 'surrender_pending']],
  },
};

// A requested state's own judicial phase: Mexico's formal request, cleared and transmitted with its
// supporting documents over HTTP, is admitted and decided in the browser by the requested central
// authority, the procedure shown with that state's steps, to the surrender window and its countdown.
async function judicialPathFlow(
  path: JudicialPath,
  language: 'es' | 'en',
  viewport: { width: number; height: number },
) {
  const L: Dictionary = language === 'es' ? es : en;
  const people = await castForExtradition(platform.api, platform.ds);
  const reference = `FGR-${path.requestedState}-WEB-${language.toUpperCase()}-${Date.now()}`;
  const id = await formalRequestTransmitted(
    path.requestedState,
    people[path.requesting.prosecutor],
    people[path.requesting.central],
    { reference },
  );
  const name = `requested-by-${path.requestedState.toLowerCase()}`;

  return inBrowser(language, viewport, name, path.timeZone, async (page, check) => {
    const { chooseLanguage, signIn, stage, act, openCaseAt } = pageSteps(page, L, reference);
    await chooseLanguage(language);
    await signIn(people[path.requested]);
    await openCaseAt(id);
    await stage('formal_request_received');
    await check.visit('formal-request-received');
    await act('admit_request');
    await stage(path.steps[0]);
    const procedure = page.getByTestId('procedure');
    for (const step of path.steps)
      await procedure.getByText(L[`stage.${step}` as keyof Dictionary]).waitFor();
    await check.visit('judicial-phase');
    for (const [action, reason, to] of path.decisions) {
      await act(action, reason);
      await stage(to);
    }
    const surrender = page.getByTestId('legal-clock').filter({ hasText: L['extradition.clock.surrender'] });
    await surrender.waitFor();
    expect(await surrender.getByTestId('countdown').getAttribute('data-breached')).toBe('false');
    expect(daysLeftSaid(L, await surrender.getByTestId('countdown').innerText())).toBeGreaterThan(0);
    await check.visit('surrender-window');
  });
}

// Prosecution in Mexico instead of extradition (CPF art. 4, LEI art. 32): the extradition of a
// Mexican national, transmitted, admitted and with the judge's opinion over HTTP, is refused in the
// browser with its grounds and the art. 4 box, which opens a linked case; the US side finds it
// through the link, submits, approves and transmits it; the FGR acknowledges it (its decision
// period running), prosecutes and records the judgment.
async function domesticProsecutionFlow(language: 'es' | 'en', viewport: { width: number; height: number }) {
  const L: Dictionary = language === 'es' ? es : en;
  const people = await castForExtradition(platform.api, platform.ds);
  const reference = `DOJ-OIA-ART4-${language.toUpperCase()}-${Date.now()}`;
  const id = await formalRequestTransmitted('MX', people.usProsecutor, people.usCentral, {
    reference,
    personSought: { name: 'Juan Pérez', nationalities: ['MX'], custodyStatus: 'in_custody' },
  });
  const { h } = platform;
  for (const [action, body] of [
    ['admit_request', {}],
    ['record_judge_opinion', { opinion: 'favourable' }],
  ] as const) {
    expect((await h.act(id, action, people.mxCentral, body)).status).toBe(200);
  }

  return inBrowser(language, viewport, 'art4', 'America/Mexico_City', async (page, check) => {
    const { chooseLanguage, signIn, signOut, stage, act, openCaseAt } = pageSteps(page, L, reference);
    const art4Link = () =>
      page
        .getByTestId('links')
        .getByRole('link', { name: L['kind.foreign_prosecution'], exact: false })
        .filter({ hasText: L['relation.domestic_prosecution'] });
    const openExtradition = () => openCaseAt(id);
    const openArt4 = async () => {
      await art4Link().click();
      await page.getByText(L['kind.foreign_prosecution'], { exact: true }).waitFor();
    };
    await chooseLanguage(language);

    // The SRE refuses a Mexican national, on its grounds, and asks that Mexico prosecute instead.
    await signIn(people.mxCentral);
    await openExtradition();
    await page.locator('button[data-action="refuse"]').click();
    const form = page.getByTestId('action-form');
    await form.locator('textarea[data-input="grounds"]').fill('Nacionalidad mexicana (LEI art. 14)');
    await form.getByRole('checkbox', { name: L['input.domesticProsecution'] }).check();
    await page.getByTestId('reason').fill('La persona reclamada es mexicana por nacimiento');
    await check.visit('art4-refusal-form');
    await page.getByTestId('confirm').click();
    await page.getByTestId('outcome').filter({ hasText: L['outcome.refused'] }).waitFor();
    await signOut();

    // The US side finds the art. 4 case through the link, submits, approves and transmits it.
    await signIn(people.usProsecutor);
    await openExtradition();
    // The art. 4 case is opened by the workflow after the refusal: a reload shows it once recorded.
    for (let tries = 0; tries < 20 && !(await art4Link().isVisible()); tries++) {
      await page.waitForTimeout(500);
      await openExtradition();
    }
    await art4Link().waitFor();
    await check.visit('art4-linked');
    await openArt4();
    await act('submit');
    await stage('central_authority_review');
    await signOut();
    await signIn(people.usCentral);
    await openExtradition();
    await openArt4();
    await act('approve');
    await stage('ready_to_transmit');
    await page.locator('button[data-action="transmit"]').click();
    await form.locator('select[data-input="channel"]').selectOption('diplomatic_note');
    await form.getByRole('textbox', { name: L['input.referenceNumber'] }).fill('DOS-ART4-WEB-0001');
    await page.getByTestId('confirm').click();
    await stage('transmitted');
    await signOut();

    // The FGR reviews it, its decision period running, prosecutes and records the judgment.
    await signIn(people.mxCentral);
    await openExtradition();
    await openArt4();
    await act('acknowledge');
    await stage('under_review');
    const decision = page.getByTestId('deadlines').getByTestId('countdown').first();
    expect(await decision.getAttribute('data-breached')).toBe('false');
    expect(daysLeftSaid(L, await decision.innerText())).toBeGreaterThan(0);
    await check.visit('art4-under-review');
    await act('open_prosecution', 'Averiguación previa FGR/ART4/2026');
    await stage('prosecuting');
    await act('record_judgment', 'Sentencia condenatoria, 12 años de prisión');
    await page.getByTestId('outcome').filter({ hasText: L['outcome.prosecuted'] }).waitFor();
    await check.visit('art4-judged');
  });
}

// Two requests of one investigation linked from the case page (link_case): a case of another
// office, which the prosecutor may not see, is refused beside the field; the case chosen from the
// list by its reference is linked, and each case's page then shows the other with the relation.
async function linkFlow(language: 'es' | 'en', viewport: { width: number; height: number }) {
  const L: Dictionary = language === 'es' ? es : en;
  const { cast, h } = platform;
  const stamp = `${language.toUpperCase()}-${Date.now()}`;
  const drafted = async (prosecutor: Person, reference: string) => {
    const created = await h.post('/cases', prosecutor, {
      kind: 'mla',
      requestedState: 'US',
      draft: { ...FULL_DRAFT, reference },
    });
    expect(created.status).toBe(201);
    return created.body.id as string;
  };
  const first = `HN-LINK-A-${stamp}`;
  const second = `HN-LINK-B-${stamp}`;
  await drafted(cast.hnProsecutor, first);
  await drafted(cast.hnProsecutor, second);
  const otherOffice = await drafted(cast.hnProsecutorOtherOffice, `HN-LINK-OTHER-${stamp}`);

  return inBrowser(language, viewport, 'link', 'America/Tegucigalpa', async (page, check) => {
    const { chooseLanguage, signIn, openCase } = pageSteps(page, L, first);
    await chooseLanguage(language);
    await signIn(cast.hnProsecutor);
    await openCase();
    await page.locator('button[data-action="link_case"]').click();
    const form = page.getByTestId('action-form');
    const other = form.locator('input[data-input="linkCase"]');

    // A case of another office: the api refuses it (422 on link.caseId), said beside the field.
    await other.fill(otherOffice);
    await check.expectRefusal(async () => {
      await page.getByTestId('confirm').click();
      await form.locator('[data-testid="problem"][data-status="422"]').waitFor();
    });
    await form.getByText(L['link.caseRefused']).waitFor();
    await form.getByTestId('problem').getByText(`${L['field.link.caseId']}:`, { exact: false }).waitFor();
    expect(await other.getAttribute('aria-invalid')).toBe('true');
    await check.visit('link-refused');

    // The other case of the investigation, found by its reference among the cases one may see.
    await other.fill(second.slice(0, -3));
    const option = page.getByRole('option', { name: second });
    await option.waitFor();
    await check.visit('link-choose');
    await option.click();
    await form.getByRole('combobox', { name: L['link.relation'] }).selectOption('same_investigation');
    await page.getByTestId('confirm').click();
    await form.waitFor({ state: 'detached' });
    const linked = (reference: string) =>
      page
        .getByTestId('links')
        .getByRole('link', { name: reference, exact: false })
        .filter({ hasText: L['relation.same_investigation'] });
    await linked(second).waitFor();
    await check.visit('linked');

    // The linked case's page shows the link back.
    await linked(second).click();
    await page.getByTestId('case-title').filter({ hasText: second }).waitFor();
    await linked(first).waitFor();
    await check.visit('linked-back');
  });
}

test.each([
  ['es', { width: 1280, height: 720 }],
  ['en', { width: 1920, height: 1080 }],
] as const)('an MLA request from drafting to the final response, in %s (%o)', async (language, viewport) => {
  const check = await flow(language, viewport);
  expectCleanScreens(check, { atLeast: 12 });
});

test.each([
  ['es', { width: 1280, height: 720 }],
  ['en', { width: 1920, height: 1080 }],
] as const)(
  'an extradition with a provisional arrest: drafting, transmission, arrest and its legal clock, the documents gate, the formal request, the judicial phase and the surrender, in %s (%o)',
  async (language, viewport) => {
    const check = await extraditionFlow(language, viewport);
    expectCleanScreens(check, { atLeast: 12 });
  },
);

test('administration screens, and a case claimed then reassigned by a supervisor with a reason (en, 1920×1080)', async () => {
  const check = await adminAndAssignmentFlow('en', { width: 1920, height: 1080 });
  expectCleanScreens(check, { atLeast: 6 });
});

test('a case linked to another of the same investigation from the case page, a case one may not see refused beside the field (es, 1280×720)', async () => {
  const check = await linkFlow('es', { width: 1280, height: 720 });
  expectCleanScreens(check, { exactly: 4 });
});

test.each([
  ['US', 'en', { width: 1280, height: 720 }],
  ['GT', 'es', { width: 1920, height: 1080 }],
] as const)(
  'an extradition requested of %s: admission, its judicial phase as the procedure shows it, the grant and the surrender window (%s, %o)',
  async (state, language, viewport) => {
    const check = await judicialPathFlow(JUDICIAL_PATHS[state], language, viewport);
    expectCleanScreens(check, { exactly: 3 });
  },
);

test('prosecution in Mexico instead of extradition: the refusal with the art. 4 box opens a linked case, found through the link, transmitted, prosecuted and judged (es, 1280×720)', async () => {
  const check = await domesticProsecutionFlow('es', { width: 1280, height: 720 });
  expectCleanScreens(check, { exactly: 4 });
});
