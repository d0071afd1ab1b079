-- CreateIndex
CREATE INDEX "Customer_organizationId_signupAt_id_idx" ON "Customer"("organizationId", "signupAt", "id");

-- CreateIndex
CREATE INDEX "Customer_organizationId_country_id_idx" ON "Customer"("organizationId", "country", "id");

-- CreateIndex
CREATE INDEX "Customer_organizationId_createdAt_id_idx" ON "Customer"("organizationId", "createdAt", "id");

