CREATE TABLE "provider_pace" (
	"provider" text PRIMARY KEY NOT NULL,
	"next_at" bigint NOT NULL
);
