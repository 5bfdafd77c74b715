"""Exports of a person's file for a file-access request: review of each item, then release as PDF."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
