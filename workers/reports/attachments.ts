import { Readable } from 'node:stream';
import mongoose, { type Connection } from 'mongoose';
import { REPORT_ATTACHMENT_BUCKET } from '../../models/report-artifact';

/** A file uploaded in a task form, as the form's variables refer to it. */
export interface AttachmentRef {
  fileId: string;
  filename: string;
  contentType: string;
  size: number;
  uploadedBy: string | null;
}

// mongoose's own driver: no second copy of the mongodb package to keep in step
const { GridFSBucket, ObjectId } = mongoose.mongo;

function bucket(mongo: Connection): mongoose.mongo.GridFSBucket {
  // GridFS is two plain collections (files, chunks): FerretDB stores them like any other
  return new GridFSBucket(mongo.db!, { bucketName: REPORT_ATTACHMENT_BUCKET });
}

/** Stores an uploaded file in GridFS and returns the reference the task form keeps in its variables. */
export async function storeAttachment(
  mongo: Connection,
  file: { filename: string; contentType: string; data: Buffer; uploadedBy?: string | null },
): Promise<AttachmentRef> {
  const id = new ObjectId();
  await new Promise<void>((resolve, reject) => {
    Readable.from([file.data])
      .pipe(
        bucket(mongo).openUploadStreamWithId(id, file.filename, {
          metadata: { contentType: file.contentType, uploadedBy: file.uploadedBy ?? null },
        }),
      )
      .on('finish', () => resolve())
      .on('error', reject);
  });
  return {
    fileId: id.toHexString(),
    filename: file.filename,
    contentType: file.contentType,
    size: file.data.length,
    uploadedBy: file.uploadedBy ?? null,
  };
}

/** Reads an attachment back whole. */
export async function readAttachment(mongo: Connection, fileId: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of bucket(mongo).openDownloadStream(new ObjectId(fileId)))
    chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Attachment references of a variable, ignoring anything that is not one. */
export function attachmentRefs(value: unknown): AttachmentRef[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((v) => {
    const ref = v as Partial<AttachmentRef>;
    return typeof ref?.fileId === 'string' && typeof ref.filename === 'string'
      ? [
          {
            fileId: ref.fileId,
            filename: ref.filename,
            contentType: ref.contentType ?? 'application/octet-stream',
            size: Number(ref.size ?? 0),
            uploadedBy: ref.uploadedBy ?? null,
          },
        ]
      : [];
  });
}
