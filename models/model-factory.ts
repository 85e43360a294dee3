import type { Connection } from 'mongoose';

/**
 * One model per connection: a worker under test and the server each pass their own connection in, and
 * registering a model twice on one connection is an error in mongoose.
 */
export function modelFactory<M>(register: (conn: Connection) => M): (conn: Connection) => M {
  const registered = new WeakMap<Connection, M>();
  return (conn) => {
    let model = registered.get(conn);
    if (!model) {
      model = register(conn);
      registered.set(conn, model);
    }
    return model;
  };
}
