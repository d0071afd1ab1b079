import { ApiError } from './api';

/**
 * Uploads a file as the raw request body with XMLHttpRequest (fetch cannot report upload progress), calling
 * `onProgress` with the fraction sent. Resolves with the JSON answer; rejects with the server's ApiError
 * (including `details`, e.g. the header cells of a CSV whose columns need mapping). `signal` aborts.
 */
export interface UploadError extends ApiError {
  details?: Record<string, unknown>;
}

export function uploadFile<T>(
  url: string,
  file: Blob,
  opts: { onProgress?: (fraction: number) => void; signal?: AbortSignal } = {},
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader('Content-Type', 'text/csv');
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.onprogress = (e) => e.lengthComputable && opts.onProgress?.(e.loaded / e.total);
    xhr.onerror = () => reject(new ApiError(0, 'network_error', 'The upload failed: the server could not be reached'));
    xhr.onabort = () => reject(new ApiError(0, 'aborted', 'Upload cancelled'));
    xhr.onload = () => {
      let body: unknown;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : undefined;
      } catch {
        body = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(body as T);
      const e = (
        body as
          | { error?: { code?: string; message?: string; issues?: []; details?: Record<string, unknown> } }
          | undefined
      )?.error;
      const err = new ApiError(
        xhr.status,
        e?.code ?? 'http_error',
        e?.message ?? `Upload failed with status ${xhr.status}`,
        e?.issues ?? [],
      ) as UploadError;
      err.details = e?.details;
      reject(err);
    };
    opts.signal?.addEventListener('abort', () => xhr.abort());
    xhr.send(file);
  });
}
