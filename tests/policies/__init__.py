"""Tests of receivables.policies, one file per module."""
