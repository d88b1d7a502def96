import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

/**
 * Fastify's per-request lines ("收到请求 / incoming request", "请求完成 / request completed", in both
 * languages as every line Remit writes) at `debug` instead of `info`. Two JSON lines and two writes to standard output for every answer cost more than the
 * rest of a short read's framework work, so the default level (`info`) keeps only what someone
 * must act on: failed answers (logged by src/http/errors.ts) and the server's own events.
 * `REMIT_LOG_LEVEL=debug` brings the request lines back, with the same fields and redaction.
 */
export class RequestLogController extends LogController {
  override incomingRequest(request: FastifyRequest): void {
    request.log.debug({ req: request }, '收到请求 / incoming request');
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (error) reply.log.error({ res: reply, err: error, responseTime: reply.elapsedTime }, '请求出错 / request errored');
    else reply.log.debug({ res: reply, responseTime: reply.elapsedTime }, '请求完成 / request completed');
  }
}
