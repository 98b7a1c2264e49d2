// The fixed wording of a request letter in each language a requested state reads. The
// prosecutor's own text (facts, assistance, statutes) is quoted as written: a translation of it is
// a separate document, linked to the letter, made by a translator.

export const LETTER_LANGUAGES = ['es', 'en'] as const;
export type LetterLanguage = (typeof LETTER_LANGUAGES)[number];

export type SectionKey =
  | 'requestingAuthority'
  | 'subject'
  | 'investigatingAuthority'
  | 'facts'
  | 'offences'
  | 'assistance'
  | 'persons'
  | 'purpose'
  | 'reciprocity'
  | 'personSought'
  | 'supportingDocuments'
  | 'assurances'
  | 'confidentialityAndUrgency'
  | 'contactPoint';

export interface LetterTexts {
  title: { mla: string; extradition: string; foreign_prosecution: string };
  addressee: (authority: string, state: string) => string;
  centralAuthority: string;
  reference: string;
  date: string;
  basis: (instrument: string) => string;
  noBasis: string;
  opening: (requestingState: string, requestedState: string) => string;
  sections: Record<SectionKey, string>;
  citation: string;
  notStated: string;
  offence: (description: string, maxPenaltyYears: number | null) => string;
  statuteText: string;
  assistanceTypes: string;
  specialProcedure: string;
  person: (name: string, nationality: string | null, location: string | null) => string;
  nationalities: string;
  reciprocity: string;
  document: Record<string, string>;
  deathPenaltyAssurances: string;
  confidentiality: string;
  urgent: (neededBy: string | null) => string;
  notUrgent: string;
  contact: (authority: string, officer: string, email: string | null) => string;
  closing: string;
  signature: string;
  generated: (caseId: string, version: number, dataVersion: string) => string;
  states: Record<string, string>;
  instruments: Record<string, string>;
}

const es: LetterTexts = {
  title: {
    mla: 'Solicitud de asistencia jurídica mutua en materia penal',
    extradition: 'Solicitud formal de extradición',
    foreign_prosecution: 'Solicitud de enjuiciamiento en México (Código Penal Federal, art. 4)',
  },
  addressee: (authority, state) => `A: ${authority}, ${state}`,
  centralAuthority: 'Autoridad Central',
  reference: 'Referencia',
  date: 'Fecha',
  basis: (instrument) => `Fundamento jurídico: ${instrument}.`,
  noBasis: 'Fundamento jurídico: cortesía internacional y reciprocidad (no hay tratado aplicable).',
  opening: (requesting, requested) =>
    `La autoridad requirente de ${requesting} solicita respetuosamente a ${requested} la asistencia que se describe a continuación, ` +
    'con los contenidos que el instrumento aplicable exige, en su orden.',
  sections: {
    requestingAuthority: 'Autoridad requirente',
    subject: 'Objeto y naturaleza de la investigación o del proceso',
    investigatingAuthority: 'Autoridad que conduce la investigación o el proceso',
    facts: 'Resumen de los hechos',
    offences: 'Delitos y texto de las disposiciones legales aplicables',
    assistance: 'Asistencia solicitada',
    persons: 'Personas involucradas',
    purpose: 'Finalidad de la solicitud',
    reciprocity: 'Reciprocidad',
    personSought: 'Persona reclamada',
    supportingDocuments: 'Documentos que se acompañan',
    assurances: 'Garantías',
    confidentialityAndUrgency: 'Confidencialidad y urgencia',
    contactPoint: 'Punto de contacto',
  },
  citation: 'Conforme a',
  notStated: '(no indicado)',
  offence: (d, y) => (y === null ? d : `${d} (pena máxima: ${y} años)`),
  statuteText: 'Texto de las disposiciones legales',
  assistanceTypes: 'Tipos de asistencia',
  specialProcedure: 'Procedimiento especial solicitado',
  person: (name, nationality, location) =>
    [name, nationality ? `nacionalidad: ${nationality}` : null, location ? `ubicación: ${location}` : null].filter(Boolean).join('; '),
  nationalities: 'Nacionalidades',
  reciprocity:
    'El Estado requirente se compromete a prestar, en casos análogos, la misma asistencia al Estado requerido (reciprocidad).',
  document: {
    sentence: 'Copia auténtica de la sentencia',
    arrestWarrant: 'Orden de aprehensión',
    offenceDescription: 'Descripción precisa del delito',
    penalLaw: 'Texto de la ley penal aplicable',
    prescriptionRules: 'Disposiciones sobre prescripción',
    identification: 'Datos de identificación de la persona reclamada',
  },
  deathPenaltyAssurances: 'El Estado requirente otorga garantías de que no se aplicará la pena de muerte.',
  confidentiality:
    'Se solicita que la presente solicitud y su contenido se mantengan confidenciales, salvo en la medida necesaria para su ejecución.',
  urgent: (by) => `La solicitud es urgente${by ? `: se requiere la asistencia antes del ${by}` : ''}.`,
  notUrgent: 'La solicitud no tiene carácter urgente.',
  contact: (authority, officer, email) => `${authority}. Persona de contacto: ${officer}${email ? ` (${email})` : ''}.`,
  closing: 'Se agradece de antemano la cooperación del Estado requerido.',
  signature: 'Firma y sello de la autoridad requirente',
  generated: (id, v, data) => `Caso ${id}, versión ${v} de la carta; datos normativos ${data}.`,
  states: { MX: 'los Estados Unidos Mexicanos', US: 'los Estados Unidos de América', GT: 'la República de Guatemala', HN: 'la República de Honduras', SV: 'la República de El Salvador' },
  instruments: {
    'us-mx-mlat-1987': 'Tratado de Cooperación entre los Estados Unidos Mexicanos y los Estados Unidos de América sobre Asistencia Jurídica Mutua (1987)',
    'us-mx-extradition-1978': 'Tratado de Extradición entre los Estados Unidos Mexicanos y los Estados Unidos de América (1978)',
    'ia-mla-1992': 'Convención Interamericana sobre Asistencia Mutua en Materia Penal (Nassau, 1992)',
    'montevideo-1933': 'Convención sobre Extradición (Montevideo, 1933)',
    'ca-extradition-1923': 'Convención Centroamericana de Extradición (Washington, 1923)',
    'ia-extradition-1981': 'Convención Interamericana sobre Extradición (Caracas, 1981)',
    'untoc-2000': 'Convención de las Naciones Unidas contra la Delincuencia Organizada Transnacional (2000)',
    'uncac-2003': 'Convención de las Naciones Unidas contra la Corrupción (2003)',
    'vienna-1988': 'Convención de las Naciones Unidas contra el Tráfico Ilícito de Estupefacientes y Sustancias Sicotrópicas (Viena, 1988)',
    'letters-rogatory': 'Carta rogatoria (cortesía internacional)',
    'us-gt-extradition-1903': 'Tratado de Extradición entre los Estados Unidos de América y Guatemala (1903)',
    'us-hn-extradition-1909': 'Convención de Extradición entre los Estados Unidos de América y Honduras (1909)',
    'us-sv-extradition-1911': 'Tratado de Extradición entre los Estados Unidos de América y El Salvador (1911)',
    'us-comity-extradition': 'Entrega sin tratado (18 U.S.C. § 3181(b))',
  },
};

const en: LetterTexts = {
  title: {
    mla: 'Request for mutual legal assistance in criminal matters',
    extradition: 'Formal request for extradition',
    foreign_prosecution: 'Request for prosecution in Mexico (Federal Penal Code, art. 4)',
  },
  addressee: (authority, state) => `To: ${authority}, ${state}`,
  centralAuthority: 'Central Authority',
  reference: 'Reference',
  date: 'Date',
  basis: (instrument) => `Legal basis: ${instrument}.`,
  noBasis: 'Legal basis: international comity and reciprocity (no treaty applies).',
  opening: (requesting, requested) =>
    `The requesting authority of ${requesting} respectfully asks ${requested} for the assistance described below, ` +
    'with the contents the applicable instrument requires, in its order.',
  sections: {
    requestingAuthority: 'Requesting authority',
    subject: 'Subject and nature of the investigation or proceeding',
    investigatingAuthority: 'Authority conducting the investigation or proceeding',
    facts: 'Summary of the facts',
    offences: 'Offences and text of the applicable law',
    assistance: 'Assistance requested',
    persons: 'Persons concerned',
    purpose: 'Purpose of the request',
    reciprocity: 'Reciprocity',
    personSought: 'Person sought',
    supportingDocuments: 'Supporting documents enclosed',
    assurances: 'Assurances',
    confidentialityAndUrgency: 'Confidentiality and urgency',
    contactPoint: 'Contact point',
  },
  citation: 'Under',
  notStated: '(not stated)',
  offence: (d, y) => (y === null ? d : `${d} (maximum penalty: ${y} years)`),
  statuteText: 'Text of the statutes',
  assistanceTypes: 'Types of assistance',
  specialProcedure: 'Special procedure requested',
  person: (name, nationality, location) =>
    [name, nationality ? `nationality: ${nationality}` : null, location ? `location: ${location}` : null].filter(Boolean).join('; '),
  nationalities: 'Nationalities',
  reciprocity: 'The requesting State undertakes to render the same assistance to the requested State in similar cases (reciprocity).',
  document: {
    sentence: 'Authenticated copy of the sentence',
    arrestWarrant: 'Arrest warrant',
    offenceDescription: 'Precise description of the offence',
    penalLaw: 'Text of the applicable penal law',
    prescriptionRules: 'Provisions on the statute of limitations',
    identification: 'Identification data of the person sought',
  },
  deathPenaltyAssurances: 'The requesting State gives assurances that the death penalty will not be imposed or carried out.',
  confidentiality: 'The requesting authority asks that this request and its contents be kept confidential, except as needed to execute it.',
  urgent: (by) => `This request is urgent${by ? `: the assistance is needed by ${by}` : ''}.`,
  notUrgent: 'This request is not urgent.',
  contact: (authority, officer, email) => `${authority}. Contact person: ${officer}${email ? ` (${email})` : ''}.`,
  closing: 'The requesting authority thanks the requested State in advance for its cooperation.',
  signature: 'Signature and seal of the requesting authority',
  generated: (id, v, data) => `Case ${id}, letter version ${v}; rules data ${data}.`,
  states: { MX: 'the United Mexican States', US: 'the United States of America', GT: 'the Republic of Guatemala', HN: 'the Republic of Honduras', SV: 'the Republic of El Salvador' },
  instruments: {},
};

export const LETTER_TEXTS: Record<LetterLanguage, LetterTexts> = { es, en };
