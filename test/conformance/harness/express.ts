import express from 'express';
import { expressHarness } from './express-app';

/** Express 5: rejected promises reach the error handler by themselves. */
export const express5Harness = expressHarness('express 5', express, true);
