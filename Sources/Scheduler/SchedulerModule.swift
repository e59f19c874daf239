/// Planning what is due: the Scheduler module (see Planner).
enum SchedulerModule {}
