import express4 from 'express4';
import { expressHarness } from './express-app';

/** Express 4, installed as the `express4` alias. */
export const express4Harness = expressHarness('express 4', express4, false);
