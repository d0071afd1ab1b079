-- AlterTable
ALTER TABLE "Customer" ADD COLUMN     "attributes" JSONB;

-- AlterTable
ALTER TABLE "OfferExposure" ADD COLUMN     "arm" TEXT;

-- CreateTable
CREATE TABLE "CustomerAttribute" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "datasetId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CustomerAttribute_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "CustomerAttribute_organizationId_name_key" ON "CustomerAttribute"("organizationId", "name");

-- AddForeignKey
ALTER TABLE "CustomerAttribute" ADD CONSTRAINT "CustomerAttribute_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

