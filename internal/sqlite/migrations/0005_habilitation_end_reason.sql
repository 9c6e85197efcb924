-- habil schema v5: why a habilitation was ended early ('habil partner habilitation end').
ALTER TABLE habilitation ADD COLUMN end_reason TEXT NOT NULL DEFAULT '';
