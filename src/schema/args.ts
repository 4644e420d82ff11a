import type { ArgBuilder } from "@pothos/core";
import { z } from "zod";
import { ID_PART, ID_PART_RULE } from "../domain/keys.ts";
import type { BuilderTypes } from "./builder.ts";

/** One EnKash ID as an argument: checked before the resolver runs (BAD_USER_INPUT, no echo). */
const enkashId = z.string().regex(ID_PART, { message: ID_PART_RULE });

export function enkashIdArg(arg: ArgBuilder<BuilderTypes>, description: string) {
  return arg.string({ description, validate: enkashId });
}
