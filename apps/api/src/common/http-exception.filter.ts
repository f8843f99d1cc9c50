import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { ImportConflictError, ImportValidationError } from '../imports/importer.js';
import { MalformedInputError, PayloadTooLargeError } from '../imports/sources.js';

interface BodyParserError {
  type: string;
  status: number;
  message: string;
}

function isBodyParserError(err: unknown): err is BodyParserError {
  return typeof err === 'object' && err !== null && 'type' in err && 'status' in err && typeof (err as BodyParserError).type === 'string';
}

/**
 * The one place errors become HTTP answers: domain errors get their status and a message that
 * names what is wrong; anything unexpected is a bare 500 (logged here, never sent with a stack).
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(err: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const requestId = host.switchToHttp().getRequest<{ id?: string }>().id;
    const [status, body] = this.translate(err);
    if (status >= 500) {
      this.logger.error(`request ${requestId ?? '-'}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      // The id lets a user's report be matched with the log line; the stack stays in the log.
      if (requestId !== undefined) body.request_id = requestId;
    }
    if (res.headersSent) {
      res.end();
      return;
    }
    // A refused upload may still be streaming in: do not read the rest on this connection.
    if (status === 413 || err instanceof MalformedInputError) res.setHeader('Connection', 'close');
    res.status(status).json(body);
  }

  private translate(err: unknown): [number, Record<string, unknown>] {
    if (err instanceof ImportValidationError) {
      return [422, {
        statusCode: 422, error: 'Unprocessable Entity', message: err.message,
        error_count: err.errorCount, errors_truncated: err.errors.length < err.errorCount, errors: err.errors, warnings: err.warnings,
      }];
    }
    if (err instanceof ImportConflictError) {
      return [409, { statusCode: 409, error: 'Conflict', message: err.message, conflicts: err.conflicts }];
    }
    if (err instanceof MalformedInputError) return [400, { statusCode: 400, error: 'Bad Request', message: err.message }];
    if (err instanceof PayloadTooLargeError) return [413, { statusCode: 413, error: 'Payload Too Large', message: err.message }];
    if (err instanceof HttpException) {
      const status = err.getStatus();
      const response = err.getResponse();
      const body = typeof response === 'string' ? { statusCode: status, message: response } : (response as Record<string, unknown>);
      return [status, { statusCode: status, ...body }];
    }
    if (typeof err === 'object' && err !== null && (err as { code?: unknown }).code === '57014') {
      // PostgreSQL cancelled a query at its statement_timeout.
      return [503, { statusCode: 503, error: 'Service Unavailable', message: 'the computation took too long and was cancelled; narrow the period or filters, or retry' }];
    }
    if (isBodyParserError(err) && err.status >= 400 && err.status < 500) {
      const message =
        err.type === 'entity.too.large' ? 'the JSON body is larger than the configured limit (JSON_MAX_BYTES)'
        : err.type === 'entity.parse.failed' ? `malformed JSON: ${err.message}`
        : err.message;
      return [err.status, { statusCode: err.status, message }];
    }
    return [500, { statusCode: 500, error: 'Internal Server Error', message: 'Internal server error' }];
  }
}
