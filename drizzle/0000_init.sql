CREATE SCHEMA "platform";
--> statement-breakpoint
CREATE SCHEMA "ads";
--> statement-breakpoint
CREATE SCHEMA "ai";
--> statement-breakpoint
CREATE SCHEMA "analytics";
--> statement-breakpoint
CREATE SCHEMA "billing";
--> statement-breakpoint
CREATE SCHEMA "content";
--> statement-breakpoint
CREATE SCHEMA "crm";
--> statement-breakpoint
CREATE SCHEMA "identity";
--> statement-breakpoint
CREATE SCHEMA "portal";
--> statement-breakpoint
CREATE TABLE "platform"."event_deliveries" (
	"event_id" uuid NOT NULL,
	"handler" text NOT NULL,
	"delivered_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "event_deliveries_event_id_handler_pk" PRIMARY KEY("event_id","handler")
);
--> statement-breakpoint
CREATE TABLE "platform"."outbox_events" (
	"id" uuid PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"org_id" uuid,
	"payload" jsonb NOT NULL,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL,
	"dispatched_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "platform"."idempotency_keys" (
	"key" text PRIMARY KEY NOT NULL,
	"fingerprint" text NOT NULL,
	"status" integer,
	"content_type" text,
	"body" text,
	"locked_until" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "platform"."key_check" (
	"id" text PRIMARY KEY NOT NULL,
	"check_value" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ads"."ad_account_connections" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"provider" text NOT NULL,
	"status" text NOT NULL,
	"external_account_id" text NOT NULL,
	"account_name" text NOT NULL,
	"currency" text NOT NULL,
	"credential_kind" text NOT NULL,
	"access_token_encrypted" text NOT NULL,
	"refresh_token_encrypted" text,
	"token_expires_at" timestamp with time zone,
	"scopes" text[] NOT NULL,
	"settings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"connected_by" text NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ad_account_connections_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "ads"."ad_sets" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"campaign_id" uuid NOT NULL,
	"name" text NOT NULL,
	"channel" text NOT NULL,
	"targeting" jsonb NOT NULL,
	"daily_budget_minor" bigint NOT NULL,
	"pacing" text NOT NULL,
	"start_date" date,
	"end_date" date,
	"crm_segment_id" uuid,
	"audience_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ad_sets_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "ads"."ads" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"campaign_id" uuid NOT NULL,
	"ad_set_id" uuid NOT NULL,
	"variant" text NOT NULL,
	"headline" text NOT NULL,
	"body" text NOT NULL,
	"call_to_action" text NOT NULL,
	"content_asset_id" uuid,
	"status" text NOT NULL,
	"external_id" text,
	"channel_status" text,
	"channel_status_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ads_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "ads"."audiences" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"targeting" jsonb NOT NULL,
	"crm_segment_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "audiences_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "ads"."campaigns" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"brand" text NOT NULL,
	"name" text NOT NULL,
	"objective" text NOT NULL,
	"countries" text[] NOT NULL,
	"cities" jsonb NOT NULL,
	"budget_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date NOT NULL,
	"status" text NOT NULL,
	"approved_by" text,
	"approved_at" timestamp with time zone,
	"created_by" text,
	"delivered_tick" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "campaigns_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "ads"."channel_objects" (
	"org_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"kind" text NOT NULL,
	"local_id" text NOT NULL,
	"external_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "channel_objects_org_id_channel_kind_local_id_pk" PRIMARY KEY("org_id","channel","kind","local_id")
);
--> statement-breakpoint
CREATE TABLE "ads"."clicks" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"link_id" uuid NOT NULL,
	"ad_id" uuid NOT NULL,
	"utm" jsonb NOT NULL,
	"user_agent" text,
	"referrer" text,
	"occurred_at" timestamp with time zone NOT NULL,
	CONSTRAINT "clicks_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "ads"."comments" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"ad_id" uuid NOT NULL,
	"campaign_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"external_id" text NOT NULL,
	"author" text NOT NULL,
	"text" text NOT NULL,
	"language" text NOT NULL,
	"reactions" integer DEFAULT 0 NOT NULL,
	"sentiment" double precision NOT NULL,
	"posted_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "comments_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "ads"."conversions" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"event_id" text NOT NULL,
	"ad_id" uuid NOT NULL,
	"campaign_id" uuid NOT NULL,
	"source" text NOT NULL,
	"kind" text NOT NULL,
	"value_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"email_encrypted" text,
	"phone_encrypted" text,
	"email_hash" text,
	"phone_hash" text,
	"occurred_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"counted_at" timestamp with time zone,
	CONSTRAINT "conversions_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "ads"."oauth_states" (
	"state" text PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"provider" text NOT NULL,
	"started_by" text NOT NULL,
	"code_verifier_encrypted" text,
	"external_account_id" text,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ads"."performance_daily" (
	"org_id" uuid NOT NULL,
	"ad_id" uuid NOT NULL,
	"campaign_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"country" text NOT NULL,
	"city" text NOT NULL,
	"day" date NOT NULL,
	"impressions" bigint NOT NULL,
	"reach" bigint NOT NULL,
	"clicks" bigint NOT NULL,
	"reactions" bigint NOT NULL,
	"interactions" bigint NOT NULL,
	"exposure_seconds" bigint NOT NULL,
	"conversions" bigint NOT NULL,
	"cost_minor" bigint NOT NULL,
	"revenue_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "performance_daily_org_id_ad_id_channel_country_city_day_pk" PRIMARY KEY("org_id","ad_id","channel","country","city","day")
);
--> statement-breakpoint
CREATE TABLE "ads"."sentiment_daily" (
	"org_id" uuid NOT NULL,
	"ad_id" uuid NOT NULL,
	"campaign_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"day" date NOT NULL,
	"comments" integer DEFAULT 0 NOT NULL,
	"positive" integer DEFAULT 0 NOT NULL,
	"negative" integer DEFAULT 0 NOT NULL,
	"neutral" integer DEFAULT 0 NOT NULL,
	"score_sum" double precision DEFAULT 0 NOT NULL,
	"influencer_reactions" bigint DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sentiment_daily_org_id_ad_id_day_pk" PRIMARY KEY("org_id","ad_id","day")
);
--> statement-breakpoint
CREATE TABLE "ads"."signing_secrets" (
	"org_id" uuid NOT NULL,
	"secret_encrypted" text NOT NULL,
	"previous_secret_encrypted" text,
	"rotated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "signing_secrets_org_id_pk" PRIMARY KEY("org_id")
);
--> statement-breakpoint
CREATE TABLE "ads"."tracked_links" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"code" text NOT NULL,
	"ad_id" uuid NOT NULL,
	"campaign_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"destination_url" text NOT NULL,
	"utm" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tracked_links_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "ads"."tracking_daily" (
	"org_id" uuid NOT NULL,
	"ad_id" uuid NOT NULL,
	"campaign_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"day" date NOT NULL,
	"clicks" bigint DEFAULT 0 NOT NULL,
	"conversions" bigint DEFAULT 0 NOT NULL,
	"revenue_minor" bigint DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tracking_daily_org_id_ad_id_day_pk" PRIMARY KEY("org_id","ad_id","day")
);
--> statement-breakpoint
CREATE TABLE "ads"."webhook_receipts" (
	"channel" text NOT NULL,
	"digest" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "webhook_receipts_channel_digest_pk" PRIMARY KEY("channel","digest")
);
--> statement-breakpoint
CREATE TABLE "ads"."message_deliveries" (
	"org_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"provider_message_id" text NOT NULL,
	"ad_id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	"country" text NOT NULL,
	"sent_on" date NOT NULL,
	"status" text NOT NULL,
	"error_code" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "message_deliveries_org_id_channel_provider_message_id_pk" PRIMARY KEY("org_id","channel","provider_message_id")
);
--> statement-breakpoint
CREATE TABLE "ai"."provider_settings" (
	"org_id" uuid PRIMARY KEY NOT NULL,
	"provider" text NOT NULL,
	"base_url" text,
	"api_key_ciphertext" text,
	"api_key_last4" text,
	"text_model" text,
	"image_model" text,
	"embedding_model" text,
	"azure_api_version" text,
	"updated_by" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ai"."usage_log" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"user_id" text,
	"purpose" text NOT NULL,
	"provider" text NOT NULL,
	"model" text NOT NULL,
	"operation" text NOT NULL,
	"tokens_in" integer NOT NULL,
	"tokens_out" integer NOT NULL,
	"cost_micros" bigint NOT NULL,
	"latency_ms" integer NOT NULL,
	"outcome" text NOT NULL,
	"request_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "usage_log_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "analytics"."campaign_daily_facts" (
	"org_id" uuid NOT NULL,
	"day" date NOT NULL,
	"campaign_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"country" text NOT NULL,
	"currency" text NOT NULL,
	"impressions" bigint DEFAULT 0 NOT NULL,
	"reach" bigint DEFAULT 0 NOT NULL,
	"clicks" bigint DEFAULT 0 NOT NULL,
	"conversions" bigint DEFAULT 0 NOT NULL,
	"spend_minor" bigint DEFAULT 0 NOT NULL,
	"reactions" bigint DEFAULT 0 NOT NULL,
	"tracked_clicks" bigint DEFAULT 0 NOT NULL,
	"tracked_conversions" bigint DEFAULT 0 NOT NULL,
	"comments_positive" bigint DEFAULT 0 NOT NULL,
	"comments_neutral" bigint DEFAULT 0 NOT NULL,
	"comments_negative" bigint DEFAULT 0 NOT NULL,
	"influencer_reactions" bigint DEFAULT 0 NOT NULL,
	"leads" bigint DEFAULT 0 NOT NULL,
	"deals_won" bigint DEFAULT 0 NOT NULL,
	"revenue_won_minor" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "campaign_daily_facts_org_id_day_campaign_id_channel_country_currency_pk" PRIMARY KEY("org_id","day","campaign_id","channel","country","currency")
);
--> statement-breakpoint
CREATE TABLE "analytics"."daily_facts" (
	"org_id" uuid NOT NULL,
	"day" date NOT NULL,
	"campaign_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"country" text NOT NULL,
	"city" text NOT NULL,
	"asset_id" uuid NOT NULL,
	"currency" text NOT NULL,
	"impressions" bigint DEFAULT 0 NOT NULL,
	"reach" bigint DEFAULT 0 NOT NULL,
	"clicks" bigint DEFAULT 0 NOT NULL,
	"conversions" bigint DEFAULT 0 NOT NULL,
	"spend_minor" bigint DEFAULT 0 NOT NULL,
	"reactions" bigint DEFAULT 0 NOT NULL,
	"tracked_clicks" bigint DEFAULT 0 NOT NULL,
	"tracked_conversions" bigint DEFAULT 0 NOT NULL,
	"comments_positive" bigint DEFAULT 0 NOT NULL,
	"comments_neutral" bigint DEFAULT 0 NOT NULL,
	"comments_negative" bigint DEFAULT 0 NOT NULL,
	"influencer_reactions" bigint DEFAULT 0 NOT NULL,
	"leads" bigint DEFAULT 0 NOT NULL,
	"deals_won" bigint DEFAULT 0 NOT NULL,
	"revenue_won_minor" bigint DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "daily_facts_org_id_day_campaign_id_channel_country_city_asset_id_currency_pk" PRIMARY KEY("org_id","day","campaign_id","channel","country","city","asset_id","currency")
);
--> statement-breakpoint
CREATE TABLE "analytics"."data_versions" (
	"org_id" uuid PRIMARY KEY NOT NULL,
	"version" bigint NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "analytics"."etl_run_orgs" (
	"org_id" uuid NOT NULL,
	"run_id" uuid NOT NULL,
	"sources" jsonb NOT NULL,
	CONSTRAINT "etl_run_orgs_org_id_run_id_pk" PRIMARY KEY("org_id","run_id")
);
--> statement-breakpoint
CREATE TABLE "analytics"."etl_runs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"trigger" text NOT NULL,
	"slot" bigint,
	"status" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	"duration_ms" integer,
	"sources" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"error" text
);
--> statement-breakpoint
CREATE TABLE "analytics"."organization_daily_facts" (
	"org_id" uuid NOT NULL,
	"day" date NOT NULL,
	"channel" text NOT NULL,
	"country" text NOT NULL,
	"currency" text NOT NULL,
	"impressions" bigint DEFAULT 0 NOT NULL,
	"reach" bigint DEFAULT 0 NOT NULL,
	"clicks" bigint DEFAULT 0 NOT NULL,
	"conversions" bigint DEFAULT 0 NOT NULL,
	"spend_minor" bigint DEFAULT 0 NOT NULL,
	"reactions" bigint DEFAULT 0 NOT NULL,
	"tracked_clicks" bigint DEFAULT 0 NOT NULL,
	"tracked_conversions" bigint DEFAULT 0 NOT NULL,
	"comments_positive" bigint DEFAULT 0 NOT NULL,
	"comments_neutral" bigint DEFAULT 0 NOT NULL,
	"comments_negative" bigint DEFAULT 0 NOT NULL,
	"influencer_reactions" bigint DEFAULT 0 NOT NULL,
	"leads" bigint DEFAULT 0 NOT NULL,
	"deals_won" bigint DEFAULT 0 NOT NULL,
	"revenue_won_minor" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "organization_daily_facts_org_id_day_channel_country_currency_pk" PRIMARY KEY("org_id","day","channel","country","currency")
);
--> statement-breakpoint
CREATE TABLE "analytics"."watermarks" (
	"source" text PRIMARY KEY NOT NULL,
	"watermark" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "billing"."gateway_events" (
	"org_id" uuid NOT NULL,
	"id" text NOT NULL,
	"type" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "gateway_events_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "billing"."invoices" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"gateway_invoice_id" text NOT NULL,
	"status" text NOT NULL,
	"currency" text NOT NULL,
	"total_minor" bigint NOT NULL,
	"lines" jsonb NOT NULL,
	"period_start" timestamp with time zone NOT NULL,
	"period_end" timestamp with time zone NOT NULL,
	"paid_at" timestamp with time zone,
	"hosted_invoice_url" text,
	"invoice_pdf_url" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "invoices_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "billing"."subscriptions" (
	"org_id" uuid PRIMARY KEY NOT NULL,
	"plan_id" text NOT NULL,
	"catalogue_version" text NOT NULL,
	"interval" text NOT NULL,
	"currency" text NOT NULL,
	"seats" integer NOT NULL,
	"status" text NOT NULL,
	"trial_ends_at" timestamp with time zone,
	"current_period_start" timestamp with time zone NOT NULL,
	"current_period_end" timestamp with time zone NOT NULL,
	"cancel_at_period_end" boolean DEFAULT false NOT NULL,
	"past_due_since" timestamp with time zone,
	"gateway" text,
	"gateway_customer_id" text,
	"gateway_subscription_id" text,
	"payment_method_ref" text,
	"gateway_state_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "content"."asset_reviews" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"asset_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"action" text NOT NULL,
	"actor" text NOT NULL,
	"comment" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "asset_reviews_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "content"."asset_versions" (
	"org_id" uuid NOT NULL,
	"asset_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"content" jsonb NOT NULL,
	"brand_findings" jsonb NOT NULL,
	"format_findings" jsonb NOT NULL,
	"generation" jsonb,
	"note" text,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "asset_versions_org_id_asset_id_version_pk" PRIMARY KEY("org_id","asset_id","version")
);
--> statement-breakpoint
CREATE TABLE "content"."assets" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"request_id" uuid,
	"type" text NOT NULL,
	"format" text NOT NULL,
	"channel" text,
	"language" text,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"hashtags" text[] NOT NULL,
	"search_text" text NOT NULL,
	"embedding" real[],
	"embedding_model" text,
	"status" text NOT NULL,
	"current_version" integer NOT NULL,
	"reviewed_by" text,
	"review_comment" text,
	"reviewed_at" timestamp with time zone,
	"licence" text,
	"rights_expires_at" timestamp with time zone,
	"rights_alerted_for" timestamp with time zone,
	"rights_alerted_at" timestamp with time zone,
	"usage_count" integer DEFAULT 0 NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "assets_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "content"."brand_kits" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"voice" text DEFAULT '' NOT NULL,
	"colors" text[] NOT NULL,
	"approved_claims" text[] NOT NULL,
	"banned_phrases" text[] NOT NULL,
	"channel_limits" jsonb NOT NULL,
	"logo_text" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "brand_kits_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "content"."content_requests" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"created_by" text,
	"brief" jsonb NOT NULL,
	"status" text NOT NULL,
	"failure_reason" text,
	"generated" integer DEFAULT 0 NOT NULL,
	"expected" integer NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "content_requests_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "crm"."automation_flows" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"enabled" boolean DEFAULT false NOT NULL,
	"trigger" jsonb NOT NULL,
	"trigger_key" text NOT NULL,
	"conditions" jsonb,
	"steps" jsonb NOT NULL,
	"webhook_secret_encrypted" text,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "automation_flows_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "crm"."automation_runs" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"flow_id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	"occurrence_key" text NOT NULL,
	"status" text NOT NULL,
	"next_step" integer DEFAULT 0 NOT NULL,
	"log" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "automation_runs_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "crm"."chatbot_replies" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	"inbound_interaction_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"intent" text NOT NULL,
	"confidence" real NOT NULL,
	"faq_entry_id" uuid,
	"similarity" real,
	"reply" text,
	"handed_off" boolean DEFAULT false NOT NULL,
	"outbound_interaction_id" uuid,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "chatbot_replies_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "crm"."faq_entries" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"question" text NOT NULL,
	"answer" text NOT NULL,
	"embedding" jsonb NOT NULL,
	"embedding_model" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "faq_entries_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "crm"."sync_connections" (
	"org_id" uuid NOT NULL,
	"provider" text NOT NULL,
	"id" uuid NOT NULL,
	"token_encrypted" text NOT NULL,
	"external_account_id" text NOT NULL,
	"instance_url" text,
	"currency" text,
	"status" text DEFAULT 'active' NOT NULL,
	"last_error" text,
	"connected_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sync_connections_org_id_provider_pk" PRIMARY KEY("org_id","provider")
);
--> statement-breakpoint
CREATE TABLE "crm"."sync_cursors" (
	"org_id" uuid NOT NULL,
	"provider" text NOT NULL,
	"object" text NOT NULL,
	"pulled_through" timestamp with time zone,
	"pushed_through" timestamp with time zone,
	CONSTRAINT "sync_cursors_org_id_provider_object_pk" PRIMARY KEY("org_id","provider","object")
);
--> statement-breakpoint
CREATE TABLE "crm"."sync_runs" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"provider" text NOT NULL,
	"trigger" text NOT NULL,
	"status" text DEFAULT 'running' NOT NULL,
	"pulled" integer DEFAULT 0 NOT NULL,
	"pushed" integer DEFAULT 0 NOT NULL,
	"skipped" integer DEFAULT 0 NOT NULL,
	"erased" integer DEFAULT 0 NOT NULL,
	"failed" integer DEFAULT 0 NOT NULL,
	"errors" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "sync_runs_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "crm"."captured_channel_leads" (
	"org_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"external_id" text NOT NULL,
	"contact_id" uuid,
	"captured_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "captured_channel_leads_org_id_channel_external_id_pk" PRIMARY KEY("org_id","channel","external_id")
);
--> statement-breakpoint
CREATE TABLE "crm"."captured_conversions" (
	"org_id" uuid NOT NULL,
	"conversion_id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	"captured_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "captured_conversions_org_id_conversion_id_pk" PRIMARY KEY("org_id","conversion_id")
);
--> statement-breakpoint
CREATE TABLE "crm"."companies" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"name_key" text NOT NULL,
	"domain" text,
	"industry" text,
	"country" text,
	"city" text,
	"products" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"sales_goal_minor" bigint,
	"budget_minor" bigint,
	"currency" text,
	"owner_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "companies_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "crm"."consents" (
	"org_id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"status" text NOT NULL,
	"source" text NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "consents_org_id_contact_id_channel_pk" PRIMARY KEY("org_id","contact_id","channel")
);
--> statement-breakpoint
CREATE TABLE "crm"."contacts" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"company_id" uuid,
	"first_name" text,
	"last_name" text,
	"email_encrypted" text,
	"email_hash" text,
	"phone_encrypted" text,
	"phone_hash" text,
	"national_id_encrypted" text,
	"country" text,
	"city" text,
	"language" text,
	"birth_year" integer,
	"gender" text,
	"interests" text[] DEFAULT '{}'::text[] NOT NULL,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"lifecycle_stage" text DEFAULT 'lead' NOT NULL,
	"classification" text DEFAULT 'cold' NOT NULL,
	"source" text NOT NULL,
	"medium" text,
	"utm" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"campaign_id" uuid,
	"ad_id" uuid,
	"owner_user_id" uuid,
	"score" integer,
	"score_factors" jsonb,
	"scored_at" timestamp with time zone,
	"merged_into_id" uuid,
	"last_interaction_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"erased_at" timestamp with time zone,
	"name_key" text GENERATED ALWAYS AS (lower(translate(trim(coalesce(first_name, '') || ' ' || coalesce(last_name, '')), 'ÀÁÂÃÄÅàáâãäåĀāĂăĄąÇçĆćĈĉĊċČčĎďĐđÈÉÊËèéêëĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĦħÌÍÎÏìíîïĨĩĪīĬĭĮįİıĴĵĶķĹĺĻļĽľĿŀŁłÑñŃńŅņŇňÒÓÔÕÖØòóôõöøŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŦŧÙÚÛÜùúûüŨũŪūŬŭŮůŰűŲųŴŵÝýÿŶŷŸŹźŻżŽž', 'AAAAAAaaaaaaAaAaAaCcCcCcCcCcDdDdEEEEeeeeEeEeEeEeEeGgGgGgGgHhHhIIIIiiiiIiIiIiIiIiJjKkLlLlLlLlLlNnNnNnNnOOOOOOooooooOoOoOoRrRrRrSsSsSsSsTtTtTtUUUUuuuuUuUuUuUuUuUuWwYyyYyYZzZzZz'))) STORED NOT NULL,
	"last_name_key" text GENERATED ALWAYS AS (lower(translate(trim(coalesce(last_name, '')), 'ÀÁÂÃÄÅàáâãäåĀāĂăĄąÇçĆćĈĉĊċČčĎďĐđÈÉÊËèéêëĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĦħÌÍÎÏìíîïĨĩĪīĬĭĮįİıĴĵĶķĹĺĻļĽľĿŀŁłÑñŃńŅņŇňÒÓÔÕÖØòóôõöøŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŦŧÙÚÛÜùúûüŨũŪūŬŭŮůŰűŲųŴŵÝýÿŶŷŸŹźŻżŽž', 'AAAAAAaaaaaaAaAaAaCcCcCcCcCcDdDdEEEEeeeeEeEeEeEeEeGgGgGgGgHhHhIIIIiiiiIiIiIiIiIiJjKkLlLlLlLlLlNnNnNnNnOOOOOOooooooOoOoOoRrRrRrSsSsSsSsTtTtTtUUUUuuuuUuUuUuUuUuUuWwYyyYyYZzZzZz'))) STORED NOT NULL,
	CONSTRAINT "contacts_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "crm"."deals" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"pipeline_id" uuid NOT NULL,
	"stage_id" uuid NOT NULL,
	"contact_id" uuid,
	"company_id" uuid,
	"title" text NOT NULL,
	"amount_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"products" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"lost_reason" text,
	"won_at" timestamp with time zone,
	"lost_at" timestamp with time zone,
	"expected_close_on" date,
	"campaign_id" uuid,
	"ad_id" uuid,
	"owner_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "deals_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "crm"."erasures" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	"requested_by" text,
	"erased_rows" integer NOT NULL,
	"erased_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "erasures_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "crm"."forms" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"public_key" text NOT NULL,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"default_utm" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"campaign_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "forms_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "crm"."imports" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"status" text NOT NULL,
	"total_rows" integer DEFAULT 0 NOT NULL,
	"processed_rows" integer DEFAULT 0 NOT NULL,
	"created_count" integer DEFAULT 0 NOT NULL,
	"updated_count" integer DEFAULT 0 NOT NULL,
	"rejected_count" integer DEFAULT 0 NOT NULL,
	"rejected" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"content_encrypted" text,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "imports_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "crm"."interactions" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"direction" text NOT NULL,
	"subject" text,
	"body" text,
	"status" text NOT NULL,
	"provider_message_id" text,
	"error" text,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "interactions_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "crm"."merges" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"survivor_id" uuid NOT NULL,
	"merged_id" uuid NOT NULL,
	"moved_interactions" integer NOT NULL,
	"moved_deals" integer NOT NULL,
	"merged_by" text,
	"merged_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "merges_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "crm"."pipelines" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"is_default" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pipelines_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "crm"."stages" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"pipeline_id" uuid NOT NULL,
	"name" text NOT NULL,
	"position" integer NOT NULL,
	"kind" text DEFAULT 'open' NOT NULL,
	"probability" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "stages_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "crm"."scoring_models" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"version" integer NOT NULL,
	"kind" text NOT NULL,
	"parameters" jsonb,
	"metrics" jsonb NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"trained_by" text,
	"trained_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "scoring_models_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "crm"."segment_members" (
	"org_id" uuid NOT NULL,
	"segment_id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "segment_members_org_id_segment_id_contact_id_pk" PRIMARY KEY("org_id","segment_id","contact_id")
);
--> statement-breakpoint
CREATE TABLE "crm"."segments" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"rules" jsonb NOT NULL,
	"origin" text DEFAULT 'manual' NOT NULL,
	"campaign_request_id" uuid,
	"member_count" integer DEFAULT 0 NOT NULL,
	"computed_at" timestamp with time zone,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "segments_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "identity"."api_clients" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"client_id" text NOT NULL,
	"secret_hash" text NOT NULL,
	"scopes" text[] NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_clients_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "identity"."audit_log" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"method" text NOT NULL,
	"route" text NOT NULL,
	"status" integer NOT NULL,
	"target" text,
	"ip" text,
	"request_id" text NOT NULL,
	CONSTRAINT "audit_log_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "identity"."invitations" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"email_lookup" text NOT NULL,
	"email_ciphertext" text NOT NULL,
	"role" text NOT NULL,
	"token_hash" text NOT NULL,
	"invited_by" uuid,
	"expires_at" timestamp with time zone NOT NULL,
	"accepted_at" timestamp with time zone,
	"accepted_by" uuid,
	"revoked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "invitations_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "identity"."memberships" (
	"org_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"role" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "memberships_org_id_user_id_pk" PRIMARY KEY("org_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "identity"."organizations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"slug" text NOT NULL,
	"locale" text DEFAULT 'en' NOT NULL,
	"time_zone" text DEFAULT 'UTC' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "organizations_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "identity"."user_tokens" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"purpose" text NOT NULL,
	"token_hash" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "identity"."users" (
	"id" uuid PRIMARY KEY NOT NULL,
	"email_lookup" text NOT NULL,
	"email_ciphertext" text NOT NULL,
	"name" text NOT NULL,
	"password_hash" text NOT NULL,
	"email_verified_at" timestamp with time zone,
	"sessions_revoked_at" timestamp with time zone,
	"locale" text,
	"time_zone" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "identity"."oidc_payloads" (
	"model" text NOT NULL,
	"id" text NOT NULL,
	"payload" jsonb NOT NULL,
	"grant_id" text,
	"user_code" text,
	"uid" text,
	"org_id" uuid,
	"expires_at" timestamp with time zone,
	"consumed_at" timestamp with time zone,
	CONSTRAINT "oidc_payloads_model_id_pk" PRIMARY KEY("model","id")
);
--> statement-breakpoint
CREATE TABLE "identity"."oidc_signing_keys" (
	"kid" text PRIMARY KEY NOT NULL,
	"alg" text NOT NULL,
	"private_jwk_ciphertext" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"activates_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "portal"."agenda_tasks" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"request_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"automated" boolean NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"assignee_user_id" uuid,
	"reminded_at" timestamp with time zone,
	"overdue_alerted_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "agenda_tasks_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "portal"."calendar_feed_tokens" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "portal"."campaign_requests" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"strategy_id" uuid,
	"name" text NOT NULL,
	"objective" text NOT NULL,
	"product" text NOT NULL,
	"messages" text[] NOT NULL,
	"audiences" jsonb NOT NULL,
	"channels" text[] NOT NULL,
	"language" text NOT NULL,
	"budget_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"starts_at" date NOT NULL,
	"ends_at" date NOT NULL,
	"status" text NOT NULL,
	"failure_reason" text,
	"campaign_id" uuid,
	"draft" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"content_request_ids" uuid[] DEFAULT '{}' NOT NULL,
	"segment_ids" uuid[] DEFAULT '{}' NOT NULL,
	"proposal" jsonb,
	"decisions" jsonb,
	"decided_by" text,
	"decided_at" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"planning_stage" text,
	"planning_started_at" timestamp with time zone,
	"planning_finished_at" timestamp with time zone,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "campaign_requests_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "portal"."notifications" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"request_id" uuid,
	"task_id" uuid,
	"read_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notifications_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "portal"."strategies" (
	"org_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"client_company" text NOT NULL,
	"products" text[] NOT NULL,
	"messages" text[] NOT NULL,
	"audiences" jsonb NOT NULL,
	"objective" text NOT NULL,
	"countries" text[] NOT NULL,
	"channels" text[] NOT NULL,
	"budget_minor" bigint,
	"currency" text,
	"starts_at" date,
	"ends_at" date,
	"language" text DEFAULT 'en' NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "strategies_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE INDEX "outbox_events_pending_idx" ON "platform"."outbox_events" USING btree ("id") WHERE "platform"."outbox_events"."dispatched_at" is null;--> statement-breakpoint
CREATE INDEX "idempotency_keys_expires_idx" ON "platform"."idempotency_keys" USING btree ("expires_at");--> statement-breakpoint
CREATE UNIQUE INDEX "ad_account_connections_provider_idx" ON "ads"."ad_account_connections" USING btree ("org_id","provider");--> statement-breakpoint
CREATE INDEX "ad_sets_campaign_idx" ON "ads"."ad_sets" USING btree ("org_id","campaign_id","id");--> statement-breakpoint
CREATE INDEX "ad_sets_channel_idx" ON "ads"."ad_sets" USING btree ("org_id","channel","id");--> statement-breakpoint
CREATE INDEX "ads_ad_set_idx" ON "ads"."ads" USING btree ("org_id","ad_set_id","id");--> statement-breakpoint
CREATE INDEX "ads_campaign_idx" ON "ads"."ads" USING btree ("org_id","campaign_id","id");--> statement-breakpoint
CREATE INDEX "ads_external_id_idx" ON "ads"."ads" USING btree ("external_id");--> statement-breakpoint
CREATE INDEX "campaigns_status_idx" ON "ads"."campaigns" USING btree ("status","start_date");--> statement-breakpoint
CREATE INDEX "campaigns_org_status_idx" ON "ads"."campaigns" USING btree ("org_id","status","id");--> statement-breakpoint
CREATE INDEX "campaigns_org_brand_idx" ON "ads"."campaigns" USING btree ("org_id","brand","id");--> statement-breakpoint
CREATE INDEX "campaigns_org_name_idx" ON "ads"."campaigns" USING btree ("org_id","name","id");--> statement-breakpoint
CREATE INDEX "campaigns_org_start_idx" ON "ads"."campaigns" USING btree ("org_id","start_date","id");--> statement-breakpoint
CREATE INDEX "campaigns_due_idx" ON "ads"."campaigns" USING btree ("id") WHERE "ads"."campaigns"."status" in ('active', 'scheduled');--> statement-breakpoint
CREATE UNIQUE INDEX "comments_external_idx" ON "ads"."comments" USING btree ("org_id","channel","external_id");--> statement-breakpoint
CREATE INDEX "comments_ad_posted_idx" ON "ads"."comments" USING btree ("org_id","ad_id","posted_at");--> statement-breakpoint
CREATE UNIQUE INDEX "conversions_event_idx" ON "ads"."conversions" USING btree ("org_id","event_id");--> statement-breakpoint
CREATE INDEX "conversions_uncounted_idx" ON "ads"."conversions" USING btree ("org_id","id") WHERE "ads"."conversions"."counted_at" is null;--> statement-breakpoint
CREATE INDEX "conversions_email_hash_idx" ON "ads"."conversions" USING btree ("org_id","email_hash");--> statement-breakpoint
CREATE INDEX "conversions_phone_hash_idx" ON "ads"."conversions" USING btree ("org_id","phone_hash");--> statement-breakpoint
CREATE INDEX "oauth_states_expires_idx" ON "ads"."oauth_states" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "performance_daily_campaign_day_idx" ON "ads"."performance_daily" USING btree ("org_id","campaign_id","day");--> statement-breakpoint
CREATE INDEX "performance_daily_updated_idx" ON "ads"."performance_daily" USING btree ("updated_at");--> statement-breakpoint
CREATE INDEX "sentiment_daily_org_day_idx" ON "ads"."sentiment_daily" USING btree ("org_id","day");--> statement-breakpoint
CREATE INDEX "sentiment_daily_updated_idx" ON "ads"."sentiment_daily" USING btree ("updated_at");--> statement-breakpoint
CREATE UNIQUE INDEX "tracked_links_code_idx" ON "ads"."tracked_links" USING btree ("code");--> statement-breakpoint
CREATE INDEX "tracking_daily_campaign_day_idx" ON "ads"."tracking_daily" USING btree ("org_id","campaign_id","day");--> statement-breakpoint
CREATE INDEX "tracking_daily_updated_idx" ON "ads"."tracking_daily" USING btree ("updated_at");--> statement-breakpoint
CREATE INDEX "webhook_receipts_received_idx" ON "ads"."webhook_receipts" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "message_deliveries_ad_idx" ON "ads"."message_deliveries" USING btree ("org_id","ad_id","sent_on");--> statement-breakpoint
CREATE UNIQUE INDEX "message_deliveries_contact_idx" ON "ads"."message_deliveries" USING btree ("org_id","channel","ad_id","contact_id");--> statement-breakpoint
CREATE INDEX "message_deliveries_provider_idx" ON "ads"."message_deliveries" USING btree ("channel","provider_message_id");--> statement-breakpoint
CREATE INDEX "usage_log_org_created_idx" ON "ai"."usage_log" USING btree ("org_id","created_at");--> statement-breakpoint
CREATE INDEX "usage_log_purpose_idx" ON "ai"."usage_log" USING btree ("org_id","purpose","id");--> statement-breakpoint
CREATE INDEX "usage_log_provider_idx" ON "ai"."usage_log" USING btree ("org_id","provider","id");--> statement-breakpoint
CREATE INDEX "usage_log_outcome_idx" ON "ai"."usage_log" USING btree ("org_id","outcome","id");--> statement-breakpoint
CREATE INDEX "campaign_daily_facts_campaign_idx" ON "analytics"."campaign_daily_facts" USING btree ("org_id","campaign_id","day");--> statement-breakpoint
CREATE INDEX "daily_facts_campaign_idx" ON "analytics"."daily_facts" USING btree ("org_id","campaign_id","day");--> statement-breakpoint
CREATE INDEX "daily_facts_channel_idx" ON "analytics"."daily_facts" USING btree ("org_id","channel","day");--> statement-breakpoint
CREATE INDEX "daily_facts_country_idx" ON "analytics"."daily_facts" USING btree ("org_id","country","day");--> statement-breakpoint
CREATE UNIQUE INDEX "etl_runs_slot_idx" ON "analytics"."etl_runs" USING btree ("slot") WHERE "analytics"."etl_runs"."slot" is not null;--> statement-breakpoint
CREATE INDEX "etl_runs_started_idx" ON "analytics"."etl_runs" USING btree ("started_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "invoices_gateway_idx" ON "billing"."invoices" USING btree ("org_id","gateway_invoice_id");--> statement-breakpoint
CREATE INDEX "invoices_org_status_idx" ON "billing"."invoices" USING btree ("org_id","status","id");--> statement-breakpoint
CREATE INDEX "subscriptions_gateway_customer_idx" ON "billing"."subscriptions" USING btree ("gateway_customer_id");--> statement-breakpoint
CREATE INDEX "asset_reviews_asset_idx" ON "content"."asset_reviews" USING btree ("org_id","asset_id");--> statement-breakpoint
CREATE INDEX "assets_org_request_idx" ON "content"."assets" USING btree ("org_id","request_id","id");--> statement-breakpoint
CREATE INDEX "assets_type_idx" ON "content"."assets" USING btree ("org_id","type","id");--> statement-breakpoint
CREATE INDEX "assets_channel_idx" ON "content"."assets" USING btree ("org_id","channel","id");--> statement-breakpoint
CREATE INDEX "assets_status_idx" ON "content"."assets" USING btree ("org_id","status","id");--> statement-breakpoint
CREATE INDEX "assets_title_idx" ON "content"."assets" USING btree ("org_id","title","id");--> statement-breakpoint
CREATE INDEX "assets_rights_idx" ON "content"."assets" USING btree ("org_id","rights_expires_at") WHERE "content"."assets"."rights_expires_at" is not null;--> statement-breakpoint
CREATE INDEX "assets_search_idx" ON "content"."assets" USING gin (to_tsvector('simple', "search_text"));--> statement-breakpoint
CREATE INDEX "assets_hashtags_idx" ON "content"."assets" USING gin ("hashtags");--> statement-breakpoint
CREATE INDEX "content_requests_status_idx" ON "content"."content_requests" USING btree ("org_id","status","id");--> statement-breakpoint
CREATE INDEX "automation_flows_trigger_idx" ON "crm"."automation_flows" USING btree ("org_id","trigger_key","enabled");--> statement-breakpoint
CREATE UNIQUE INDEX "automation_runs_occurrence_idx" ON "crm"."automation_runs" USING btree ("org_id","flow_id","contact_id","occurrence_key");--> statement-breakpoint
CREATE INDEX "automation_runs_flow_idx" ON "crm"."automation_runs" USING btree ("org_id","flow_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "chatbot_replies_inbound_idx" ON "crm"."chatbot_replies" USING btree ("org_id","inbound_interaction_id");--> statement-breakpoint
CREATE INDEX "chatbot_replies_contact_idx" ON "crm"."chatbot_replies" USING btree ("org_id","contact_id");--> statement-breakpoint
CREATE INDEX "sync_runs_org_id_provider_id_index" ON "crm"."sync_runs" USING btree ("org_id","provider","id");--> statement-breakpoint
CREATE INDEX "companies_name_key_idx" ON "crm"."companies" USING btree ("org_id","name_key");--> statement-breakpoint
CREATE INDEX "contacts_company_idx" ON "crm"."contacts" USING btree ("org_id","company_id");--> statement-breakpoint
CREATE INDEX "contacts_campaign_idx" ON "crm"."contacts" USING btree ("org_id","campaign_id");--> statement-breakpoint
CREATE INDEX "contacts_stage_idx" ON "crm"."contacts" USING btree ("org_id","lifecycle_stage");--> statement-breakpoint
CREATE INDEX "contacts_changed_idx" ON "crm"."contacts" USING brin ("updated_at");--> statement-breakpoint
CREATE INDEX "contacts_live_idx" ON "crm"."contacts" USING btree ("org_id","created_at","id") WHERE "crm"."contacts"."erased_at" is null and "crm"."contacts"."merged_into_id" is null;--> statement-breakpoint
CREATE INDEX "contacts_live_stage_idx" ON "crm"."contacts" USING btree ("org_id","lifecycle_stage","created_at","id") WHERE "crm"."contacts"."erased_at" is null and "crm"."contacts"."merged_into_id" is null;--> statement-breakpoint
CREATE INDEX "contacts_live_classification_idx" ON "crm"."contacts" USING btree ("org_id","classification","created_at","id") WHERE "crm"."contacts"."erased_at" is null and "crm"."contacts"."merged_into_id" is null;--> statement-breakpoint
CREATE INDEX "contacts_live_source_idx" ON "crm"."contacts" USING btree ("org_id","source","created_at","id") WHERE "crm"."contacts"."erased_at" is null and "crm"."contacts"."merged_into_id" is null;--> statement-breakpoint
CREATE INDEX "contacts_live_campaign_idx" ON "crm"."contacts" USING btree ("org_id","campaign_id","created_at","id") WHERE "crm"."contacts"."erased_at" is null and "crm"."contacts"."merged_into_id" is null;--> statement-breakpoint
CREATE INDEX "contacts_live_company_idx" ON "crm"."contacts" USING btree ("org_id","company_id","created_at","id") WHERE "crm"."contacts"."erased_at" is null and "crm"."contacts"."merged_into_id" is null;--> statement-breakpoint
CREATE INDEX "contacts_live_owner_idx" ON "crm"."contacts" USING btree ("org_id","owner_user_id","created_at","id") WHERE "crm"."contacts"."erased_at" is null and "crm"."contacts"."merged_into_id" is null;--> statement-breakpoint
CREATE INDEX "contacts_live_name_idx" ON "crm"."contacts" USING btree ("org_id","name_key","id") WHERE "crm"."contacts"."erased_at" is null and "crm"."contacts"."merged_into_id" is null;--> statement-breakpoint
CREATE INDEX "contacts_live_score_idx" ON "crm"."contacts" USING btree ("org_id",coalesce("score", -1),"id") WHERE "crm"."contacts"."erased_at" is null and "crm"."contacts"."merged_into_id" is null;--> statement-breakpoint
CREATE INDEX "contacts_live_updated_idx" ON "crm"."contacts" USING btree ("org_id","updated_at","id") WHERE "crm"."contacts"."erased_at" is null and "crm"."contacts"."merged_into_id" is null;--> statement-breakpoint
CREATE INDEX "contacts_live_name_search_idx" ON "crm"."contacts" USING btree ("org_id","name_key" text_pattern_ops) WHERE "crm"."contacts"."erased_at" is null and "crm"."contacts"."merged_into_id" is null;--> statement-breakpoint
CREATE INDEX "contacts_live_last_name_search_idx" ON "crm"."contacts" USING btree ("org_id","last_name_key" text_pattern_ops) WHERE "crm"."contacts"."erased_at" is null and "crm"."contacts"."merged_into_id" is null;--> statement-breakpoint
CREATE INDEX "contacts_live_email_idx" ON "crm"."contacts" USING btree ("org_id","email_hash","id") WHERE "crm"."contacts"."erased_at" is null and "crm"."contacts"."merged_into_id" is null and "crm"."contacts"."email_hash" is not null;--> statement-breakpoint
CREATE INDEX "contacts_live_phone_idx" ON "crm"."contacts" USING btree ("org_id","phone_hash","id") WHERE "crm"."contacts"."erased_at" is null and "crm"."contacts"."merged_into_id" is null and "crm"."contacts"."phone_hash" is not null;--> statement-breakpoint
CREATE INDEX "deals_stage_idx" ON "crm"."deals" USING btree ("org_id","pipeline_id","stage_id");--> statement-breakpoint
CREATE INDEX "deals_contact_idx" ON "crm"."deals" USING btree ("org_id","contact_id","id");--> statement-breakpoint
CREATE INDEX "deals_pipeline_list_idx" ON "crm"."deals" USING btree ("org_id","pipeline_id","id");--> statement-breakpoint
CREATE INDEX "deals_stage_list_idx" ON "crm"."deals" USING btree ("org_id","stage_id","id");--> statement-breakpoint
CREATE INDEX "deals_status_idx" ON "crm"."deals" USING btree ("org_id","status","id");--> statement-breakpoint
CREATE INDEX "deals_campaign_list_idx" ON "crm"."deals" USING btree ("org_id","campaign_id","id");--> statement-breakpoint
CREATE INDEX "deals_amount_idx" ON "crm"."deals" USING btree ("org_id","amount_minor","id");--> statement-breakpoint
CREATE INDEX "deals_updated_idx" ON "crm"."deals" USING btree ("org_id","updated_at","id");--> statement-breakpoint
CREATE INDEX "deals_expected_close_idx" ON "crm"."deals" USING btree ("org_id",coalesce("expected_close_on", '9999-12-31'::date),"id");--> statement-breakpoint
CREATE INDEX "deals_campaign_won_idx" ON "crm"."deals" USING btree ("org_id","campaign_id","won_at");--> statement-breakpoint
CREATE INDEX "deals_changed_idx" ON "crm"."deals" USING brin ("updated_at");--> statement-breakpoint
CREATE UNIQUE INDEX "forms_public_key_idx" ON "crm"."forms" USING btree ("public_key");--> statement-breakpoint
CREATE INDEX "interactions_contact_idx" ON "crm"."interactions" USING btree ("org_id","contact_id","occurred_at");--> statement-breakpoint
CREATE INDEX "interactions_timeline_idx" ON "crm"."interactions" USING btree ("org_id","contact_id","id");--> statement-breakpoint
CREATE INDEX "interactions_channel_idx" ON "crm"."interactions" USING btree ("org_id","contact_id","channel","id");--> statement-breakpoint
CREATE INDEX "interactions_direction_idx" ON "crm"."interactions" USING btree ("org_id","contact_id","direction","id");--> statement-breakpoint
CREATE INDEX "merges_survivor_idx" ON "crm"."merges" USING btree ("org_id","survivor_id");--> statement-breakpoint
CREATE INDEX "stages_pipeline_idx" ON "crm"."stages" USING btree ("org_id","pipeline_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "scoring_models_version_idx" ON "crm"."scoring_models" USING btree ("org_id","version");--> statement-breakpoint
CREATE INDEX "segment_members_contact_idx" ON "crm"."segment_members" USING btree ("org_id","contact_id");--> statement-breakpoint
CREATE UNIQUE INDEX "api_clients_client_id_idx" ON "identity"."api_clients" USING btree ("client_id");--> statement-breakpoint
CREATE INDEX "api_clients_active_idx" ON "identity"."api_clients" USING btree ("org_id","id") WHERE "identity"."api_clients"."revoked_at" is null;--> statement-breakpoint
CREATE INDEX "audit_log_time_idx" ON "identity"."audit_log" USING btree ("occurred_at");--> statement-breakpoint
CREATE INDEX "audit_log_actor_idx" ON "identity"."audit_log" USING btree ("org_id","actor","id");--> statement-breakpoint
CREATE INDEX "audit_log_action_idx" ON "identity"."audit_log" USING btree ("org_id","action","id");--> statement-breakpoint
CREATE INDEX "audit_log_target_idx" ON "identity"."audit_log" USING btree ("org_id","target","id");--> statement-breakpoint
CREATE UNIQUE INDEX "invitations_token_hash_idx" ON "identity"."invitations" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "invitations_pending_idx" ON "identity"."invitations" USING btree ("org_id","id") WHERE "identity"."invitations"."accepted_at" is null and "identity"."invitations"."revoked_at" is null;--> statement-breakpoint
CREATE INDEX "memberships_user_idx" ON "identity"."memberships" USING hash ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "user_tokens_hash_idx" ON "identity"."user_tokens" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "user_tokens_user_idx" ON "identity"."user_tokens" USING btree ("user_id","purpose");--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_lookup_idx" ON "identity"."users" USING btree ("email_lookup");--> statement-breakpoint
CREATE INDEX "oidc_payloads_grant_idx" ON "identity"."oidc_payloads" USING btree ("grant_id");--> statement-breakpoint
CREATE INDEX "oidc_payloads_uid_idx" ON "identity"."oidc_payloads" USING btree ("uid");--> statement-breakpoint
CREATE INDEX "oidc_payloads_user_code_idx" ON "identity"."oidc_payloads" USING btree ("user_code");--> statement-breakpoint
CREATE INDEX "oidc_payloads_expires_idx" ON "identity"."oidc_payloads" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "agenda_tasks_request_idx" ON "portal"."agenda_tasks" USING btree ("org_id","request_id");--> statement-breakpoint
CREATE INDEX "agenda_tasks_due_idx" ON "portal"."agenda_tasks" USING btree ("status","due_at");--> statement-breakpoint
CREATE INDEX "agenda_tasks_org_due_idx" ON "portal"."agenda_tasks" USING btree ("org_id","due_at");--> statement-breakpoint
CREATE INDEX "agenda_tasks_org_status_due_idx" ON "portal"."agenda_tasks" USING btree ("org_id","status","due_at");--> statement-breakpoint
CREATE INDEX "campaign_requests_status_idx" ON "portal"."campaign_requests" USING btree ("status","starts_at");--> statement-breakpoint
CREATE INDEX "campaign_requests_org_status_idx" ON "portal"."campaign_requests" USING btree ("org_id","status","id");--> statement-breakpoint
CREATE INDEX "notifications_user_idx" ON "portal"."notifications" USING btree ("org_id","user_id","id");--> statement-breakpoint
CREATE INDEX "notifications_unread_idx" ON "portal"."notifications" USING btree ("org_id","user_id","id") WHERE "portal"."notifications"."read_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "strategies_org_name_idx" ON "portal"."strategies" USING btree ("org_id",lower("name"));