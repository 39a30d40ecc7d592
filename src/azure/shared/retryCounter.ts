/** A pipeline policy that counts Azure's 429 and 5xx answers (`reconciler.azure.retries`), per attempt. */
import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import { azureRetried, type AzureService } from '../../telemetry/metrics';

/**
 * Counts each 429/5xx answer of one attempt (place it `perRetry` so every attempt is seen, the SDK's own retries
 * included). The service is `service`, else Resource Graph by its path, else ARM.
 */
export function retryCounterPolicy(service?: AzureService): PipelinePolicy {
  return {
    name: 'reconcilerRetryCounter',
    async sendRequest(request, next) {
      const response = await next(request);
      if (response.status === 429 || response.status >= 500) {
        azureRetried(service ?? (/\/providers\/microsoft\.resourcegraph\//i.test(request.url) ? 'resource-graph' : 'arm'), response.status);
      }
      return response;
    },
  };
}
