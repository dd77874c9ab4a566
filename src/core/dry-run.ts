/** The last line of every dry run's output; a confirmation shows the plan without it (nothing is dry about it then). */
export const DRY_RUN_NOTE = "(dry run: nothing was changed)";
