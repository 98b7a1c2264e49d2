import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, ParseUUIDPipe, Post, Query, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Readable } from 'node:stream';
import { CurrentUser, type AuthUser } from '@comity/auth';
import { ApiJson, ApiProblems } from '../common/api-responses';
import {
  CUSTODY_SCHEMA,
  DOCUMENT_CONTENT,
  DOCUMENT_LIST_SCHEMA,
  DOCUMENT_SCHEMA,
  DOCX_CONTENT,
  DOWNLOAD_HEADERS,
  PACKAGE_LIST_SCHEMA,
  PACKAGE_SCHEMA,
  ZIP_CONTENT,
} from './document-schemas';
import { DocumentsService } from './documents.service';
import { CertificationDto } from './dto/certification.dto';
import { GenerateLetterDto } from './dto/letter.dto';
import { SendPackageDto } from './dto/package.dto';
import { NEW_VERSION_SCHEMA, UPLOAD_DOCUMENT_SCHEMA } from './dto/upload-document.dto';
import { VersionQuery } from './dto/version.query';
import { LettersService } from './letters.service';
import { PackagesService } from './packages.service';

const MULTIPART = 'multipart/form-data';

// Sends a stored file: its type, length, name and digest in the headers, the bytes streamed.
function sendFile(res: Response, stream: Readable, type: string, fileName: string, sha256?: string, length?: number): StreamableFile {
  if (sha256) res.setHeader('Repr-Digest', `sha-256=:${Buffer.from(sha256, 'hex').toString('base64')}:`);
  return new StreamableFile(stream, { type, length, disposition: `attachment; filename="${fileName}"` });
}

@ApiTags('documents')
@Controller('cases/:id')
export class DocumentsController {
  constructor(
    private readonly documents: DocumentsService,
    private readonly letters: LettersService,
    private readonly packages: PackagesService,
  ) {}

  @Get('documents')
  @ApiOperation({ summary: "The case's documents the caller may see: all of their side's, and what packages brought from the other side" })
  @ApiJson(200, DOCUMENT_LIST_SCHEMA, 'Documents, oldest first')
  @ApiProblems(404)
  list(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string) {
    return this.documents.list(user, id);
  }

  @Post('documents')
  @ApiOperation({
    summary: 'Upload a document (prosecutors and central authorities of either side), streamed',
    description:
      'multipart/form-data with the fields first and the `file` part last. The type is detected from the content ' +
      '(PDF, images, Office and OpenDocument files, audio, video; nothing else), a SHA-256 is computed on the way in, and the ' +
      'file is scanned for malware when a ClamAV daemon is configured. Internal to your side unless `shared` is true; ' +
      'shared documents go to the other state in the next package. A `translation` names its original and translator; ' +
      'a `signed_letter` (central authority of the requesting side) names the generated letter it signs, and the signing is audited.',
  })
  @ApiConsumes(MULTIPART)
  @ApiBody({ schema: UPLOAD_DOCUMENT_SCHEMA as object })
  @ApiJson(201, DOCUMENT_SCHEMA, 'The document, with its first version')
  @ApiProblems(403, 404, 422)
  upload(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Req() req: Request) {
    return this.documents.upload(user, id, req);
  }

  @Get('documents/:documentId')
  @ApiOperation({ summary: 'A document with its versions, certifications and packages (the view is audited)' })
  @ApiJson(200, DOCUMENT_SCHEMA, 'The document as the caller may see it')
  @ApiProblems(404)
  view(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Param('documentId', ParseUUIDPipe) documentId: string) {
    return this.documents.view(user, id, documentId);
  }

  @Get('documents/:documentId/content')
  @ApiOperation({ summary: "A version's content, streamed (the download is audited with the version's hash)" })
  @ApiResponse({ status: 200, description: 'The file as stored', content: DOCUMENT_CONTENT, headers: DOWNLOAD_HEADERS })
  @ApiProblems(404, 422)
  async content(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('documentId', ParseUUIDPipe) documentId: string,
    @Query() query: VersionQuery,
    @Res({ passthrough: true }) res: Response,
  ) {
    const file = await this.documents.download(user, id, documentId, query.version);
    return sendFile(res, file.stream, file.mediaType, file.fileName, file.sha256, file.size);
  }

  @Post('documents/:documentId/versions')
  @ApiOperation({ summary: 'Upload a new version of a document of your side (multipart, one `file` part), streamed' })
  @ApiConsumes(MULTIPART)
  @ApiBody({ schema: NEW_VERSION_SCHEMA as object })
  @ApiJson(201, DOCUMENT_SCHEMA, 'The document with its new version')
  @ApiProblems(403, 404, 422)
  newVersion(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('documentId', ParseUUIDPipe) documentId: string,
    @Req() req: Request,
  ) {
    return this.documents.newVersion(user, id, documentId, req);
  }

  @Post('documents/:documentId/share')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark a document of your side to go to the other state in the next package (audited)' })
  @ApiJson(200, DOCUMENT_SCHEMA, 'The document, shared')
  @ApiProblems(403, 404)
  share(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Param('documentId', ParseUUIDPipe) documentId: string) {
    return this.documents.share(user, id, documentId);
  }

  @Post('documents/:documentId/certifications')
  @ApiOperation({ summary: 'Record that a version is an authenticated or apostilled copy (central authorities)' })
  @ApiJson(201, DOCUMENT_SCHEMA, 'The document with the certification')
  @ApiProblems(403, 404, 422)
  certify(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('documentId', ParseUUIDPipe) documentId: string,
    @Body() dto: CertificationDto,
  ) {
    return this.documents.certify(user, id, documentId, dto);
  }

  @Get('documents/:documentId/custody')
  @ApiOperation({ summary: "A document's chain of custody (central authorities and supervisors who see the case)" })
  @ApiJson(200, CUSTODY_SCHEMA, 'Every upload, generation, version, view, download, share, certification, signing and transmission')
  @ApiProblems(403, 404)
  custody(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Param('documentId', ParseUUIDPipe) documentId: string) {
    return this.documents.custody(user, id, documentId);
  }

  @Post('letter')
  @ApiOperation({
    summary: 'Generate the request letter (a new version of the case\'s letter document, PDF)',
    description:
      "From the draft and the rules evaluation of its legal basis, in the requested state's language: the required " +
      "contents of the chosen instrument in its order, citing its articles, then the requesting authority, facts, " +
      'offences with the text of the statutes, assistance, persons, purpose, confidentiality and urgency, and the contact point.',
  })
  @ApiJson(201, DOCUMENT_SCHEMA, 'The letter document with the new version')
  @ApiProblems(403, 404, 422, 503)
  letter(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: GenerateLetterDto) {
    return this.letters.generate(user, id, dto.language);
  }

  @Get('documents/:documentId/letter.docx')
  @ApiOperation({ summary: 'A generated letter version as a Word document, to finish in a word processor (audited)' })
  @ApiResponse({ status: 200, description: 'The DOCX', content: DOCX_CONTENT, headers: DOWNLOAD_HEADERS })
  @ApiProblems(404, 422)
  async docx(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('documentId', ParseUUIDPipe) documentId: string,
    @Query() query: VersionQuery,
  ) {
    const { data, fileName } = await this.letters.docx(user, id, documentId, query.version);
    return new StreamableFile(data, { type: Object.keys(DOCX_CONTENT)[0], length: data.length, disposition: `attachment; filename="${fileName}"` });
  }

  @Get('packages')
  @ApiOperation({ summary: 'The packages sent either way on the case, each with the hash of its manifest' })
  @ApiJson(200, PACKAGE_LIST_SCHEMA, 'Packages in order')
  @ApiProblems(404)
  listPackages(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string) {
    return this.packages.list(user, id);
  }

  @Post('packages')
  @ApiOperation({
    summary: 'Send the documents your side has shared since the last package (central authorities, after transmission)',
    description: 'The first package goes with the request at `transmit`; later ones carry answers, responses and evidence either way.',
  })
  @ApiJson(201, PACKAGE_SCHEMA, 'The package with its manifest')
  @ApiProblems(403, 404, 409, 422)
  send(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: SendPackageDto) {
    return this.packages.send(user, id, dto.occasion ?? 'correspondence');
  }

  @Get('packages/:seq')
  @ApiOperation({ summary: "A package's manifest and its audited hash" })
  @ApiJson(200, PACKAGE_SCHEMA, 'The package')
  @ApiProblems(404)
  getPackage(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Param('seq', ParseIntPipe) seq: number) {
    return this.packages.get(user, id, seq);
  }

  @Get('packages/:seq/zip')
  @ApiOperation({
    summary: 'The package as a ZIP: manifest.json and each document as frozen (the download is audited)',
    description: 'SHA-256 of manifest.json equals the audited manifestSha256; each file hashes to its entry in the manifest.',
  })
  @ApiResponse({
    status: 200,
    description: 'The ZIP, streamed',
    content: ZIP_CONTENT,
    headers: { ...DOWNLOAD_HEADERS, 'X-Manifest-SHA256': { description: 'SHA-256 of manifest.json (hex)', schema: { type: 'string' } } },
  })
  @ApiProblems(404)
  async zip(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('seq', ParseIntPipe) seq: number,
    @Res({ passthrough: true }) res: Response,
  ) {
    const pkg = await this.packages.zip(user, id, seq);
    res.setHeader('X-Manifest-SHA256', pkg.manifestSha256);
    return sendFile(res, pkg.stream, 'application/zip', pkg.fileName);
  }
}
