// The previous majors are installed under npm aliases; their APIs used here match the current types.
declare module 'express4' {
  import express from 'express';
  export = express;
}

declare module 'koa2' {
  import Koa from 'koa';
  export = Koa;
}
