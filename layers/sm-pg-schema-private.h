/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The PostgreSQL schema's SQL (sm-pg-schema-sql.c), for sm-pg-schema.c */
extern const char sm_pg_schema_first[];
