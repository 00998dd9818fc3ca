import { Query } from '@nestjs/cqrs';
import type { Caller } from '../../shared/caller';

export interface RenderedDocument {
  docNo: string;
  kind: string;
  pdf: Buffer;
}

/** A case document as a PDF in Chinese (API.md `GET /api/cases/{id}/documents/{kind}`). */
export class GetCaseDocumentQuery extends Query<RenderedDocument> {
  constructor(
    readonly caller: Caller,
    readonly caseId: string,
    readonly kind: string,
  ) {
    super();
  }
}
