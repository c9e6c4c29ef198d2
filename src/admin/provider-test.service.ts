import { Injectable } from '@nestjs/common';
import { GatewayError } from '../common/errors/gateway-error';
import type { ProviderTestResult } from './dto/provider-test.dto';

/** `POST /admin/providers/{id}/test`: one small request to a provider (contract first). */
@Injectable()
export class ProviderTestService {
  test(id: string, model: string | undefined): Promise<ProviderTestResult> {
    void model;
    return Promise.reject(
      new GatewayError(501, 'internal', 'not_implemented', `Testing '${id}' is not built yet.`),
    );
  }
}
