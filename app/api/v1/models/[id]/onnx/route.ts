import { attachmentDisposition } from '@/lib/http/content-disposition';
import { withOrg } from '@/lib/http/with-org';
import { modelOnnxFile } from '@/lib/models/model-versions';
import { ZIdParams } from '@/lib/validation/common';

export const runtime = 'nodejs';

/** Download the model's ONNX file (input `features` float32 [N, 16], output `probability` float32 [N, 1]). */
export const GET = withOrg(
  {
    permission: 'models.read',
    doc: { summary: 'Download the model version’s ONNX file', contentType: 'application/octet-stream' },
    params: ZIdParams,
  },
  async ({ ctx, params }) => {
    const f = await modelOnnxFile(ctx, params.id);
    return new Response(new Uint8Array(f.bytes), {
      headers: {
        'Content-Type': 'application/octet-stream',
        'Content-Disposition': attachmentDisposition(f.fileName),
      },
    });
  },
);
