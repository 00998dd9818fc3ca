import type { FieldError } from '@tiaojie/domain';

/** RFC 9457 problem details, the shape of every error this API answers (API.md "Conventions"). */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code?: string;
  errors?: FieldError[];
  allowedEvents?: string[];
  instance?: string;
  requestId?: string;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
export const problemType = (code: string) => `https://tiaojie.example/problems/${code.toLowerCase().replace(/_/g, '-')}`;
