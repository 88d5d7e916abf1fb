// Generated from src/monitoring by npm run generate; do not edit.
{
  prometheusAlerts+:: {
    groups+: [
      {
        name: "kafka-cluster",
        rules: [
          {
            alert: "KafkaBrokerCountDropped",
            expr: "max by (" + std.join(', ', $._config.targetLabels) + ", id) (max_over_time(kafka_broker_info{" + $._config.selector + "}[" + $._config.brokerMemory + "]))\nunless on (" + std.join(', ', $._config.targetLabels) + ", id) kafka_broker_info{" + $._config.selector + "}\nand on (" + std.join(', ', $._config.targetLabels) + ") kafkascope_up{" + $._config.selector + "} == 1",
            "for": $._config["for"].KafkaBrokerCountDropped,
            labels: {
              severity: "warning",
            },
            annotations: {
              summary: "A Kafka broker has left the cluster.",
              description: "Broker {{ $labels.id }} was registered in the cluster of " + std.join('/', ['{{ $labels.' + l + ' }}' for l in $._config.targetLabels]) + " within the last " + $._config.brokerMemory + " and is not any more: it is down, fenced or was removed.",
              runbook_url: std.strReplace($._config.runbookUrlPattern, '%s', "KafkaBrokerCountDropped"),
            },
          } + (if std.objectHas($._config.keepFiringFor, "KafkaBrokerCountDropped") then { keep_firing_for: $._config.keepFiringFor.KafkaBrokerCountDropped } else {}),
          {
            alert: "KafkaNoActiveController",
            expr: "kafka_cluster_controller_id{" + $._config.selector + "} == -1\nor on (" + std.join(', ', $._config.targetLabels) + ") (kafkascope_up{" + $._config.selector + "} == 1 unless on (" + std.join(', ', $._config.targetLabels) + ") kafka_cluster_controller_id{" + $._config.selector + "})",
            "for": $._config["for"].KafkaNoActiveController,
            labels: {
              severity: "critical",
            },
            annotations: {
              summary: "The Kafka cluster has no active controller.",
              description: "The cluster of " + std.join('/', ['{{ $labels.' + l + ' }}' for l in $._config.targetLabels]) + " has no active controller (on KRaft: the controller quorum has no leader, or none answers DescribeQuorum): topics, partitions, leaders and ISRs cannot change, so a broker failure is not handled.",
              runbook_url: std.strReplace($._config.runbookUrlPattern, '%s', "KafkaNoActiveController"),
            },
          } + (if std.objectHas($._config.keepFiringFor, "KafkaNoActiveController") then { keep_firing_for: $._config.keepFiringFor.KafkaNoActiveController } else {}),
        ],
      },
      {
        name: "kafka-replication",
        rules: [
          {
            alert: "KafkaPartitionUnderReplicated",
            expr: "kafka_topic_under_replicated_partitions{" + $._config.selector + "} > 0",
            "for": $._config["for"].KafkaPartitionUnderReplicated,
            labels: {
              severity: "warning",
            },
            annotations: {
              summary: "A Kafka partition is under-replicated.",
              description: "Topic {{ $labels.topic }} (" + std.join('/', ['{{ $labels.' + l + ' }}' for l in $._config.targetLabels]) + ") has {{ $value }} partition(s) that have fewer in-sync replicas than replicas: a broker is down or a follower cannot keep up.",
              runbook_url: std.strReplace($._config.runbookUrlPattern, '%s', "KafkaPartitionUnderReplicated"),
            },
          } + (if std.objectHas($._config.keepFiringFor, "KafkaPartitionUnderReplicated") then { keep_firing_for: $._config.keepFiringFor.KafkaPartitionUnderReplicated } else {}),
          {
            alert: "KafkaPartitionUnderMinIsr",
            expr: "kafka_topic_under_min_isr_partitions{" + $._config.selector + "} > 0",
            "for": $._config["for"].KafkaPartitionUnderMinIsr,
            labels: {
              severity: "critical",
            },
            annotations: {
              summary: "A Kafka partition is below its minimum in-sync replicas.",
              description: "Topic {{ $labels.topic }} (" + std.join('/', ['{{ $labels.' + l + ' }}' for l in $._config.targetLabels]) + ") has {{ $value }} partition(s) that have fewer in-sync replicas than the topic's min.insync.replicas: producers with acks=all are rejected.",
              runbook_url: std.strReplace($._config.runbookUrlPattern, '%s', "KafkaPartitionUnderMinIsr"),
            },
          } + (if std.objectHas($._config.keepFiringFor, "KafkaPartitionUnderMinIsr") then { keep_firing_for: $._config.keepFiringFor.KafkaPartitionUnderMinIsr } else {}),
          {
            alert: "KafkaPartitionOffline",
            expr: "kafka_topic_offline_partitions{" + $._config.selector + "} > 0",
            "for": $._config["for"].KafkaPartitionOffline,
            labels: {
              severity: "critical",
            },
            annotations: {
              summary: "A Kafka partition is offline.",
              description: "Topic {{ $labels.topic }} (" + std.join('/', ['{{ $labels.' + l + ' }}' for l in $._config.targetLabels]) + ") has {{ $value }} partition(s) that have no leader: they can be neither written nor read.",
              runbook_url: std.strReplace($._config.runbookUrlPattern, '%s', "KafkaPartitionOffline"),
            },
          } + (if std.objectHas($._config.keepFiringFor, "KafkaPartitionOffline") then { keep_firing_for: $._config.keepFiringFor.KafkaPartitionOffline } else {}),
          {
            alert: "KafkaPartitionLeadersNotPreferred",
            expr: "(\n  sum by (" + std.join(', ', $._config.targetLabels) + ") (kafka_topic_non_preferred_leader_partitions{" + $._config.selector + "})\n/\n  sum by (" + std.join(', ', $._config.targetLabels) + ") (kafka_topic_partitions{" + $._config.selector + "})\n) > " + std.format('%g', $._config.leaderImbalanceRatio),
            "for": $._config["for"].KafkaPartitionLeadersNotPreferred,
            labels: {
              severity: "info",
            },
            annotations: {
              summary: "Many Kafka partitions are not led by their preferred replica.",
              description: "{{ $value | humanizePercentage }} of the partitions of " + std.join('/', ['{{ $labels.' + l + ' }}' for l in $._config.targetLabels]) + " are led by a replica other than their preferred one (more than " + std.format('%g', $._config.leaderImbalanceRatio * 100) + "%), so some brokers carry more load than others.",
              runbook_url: std.strReplace($._config.runbookUrlPattern, '%s', "KafkaPartitionLeadersNotPreferred"),
            },
          } + (if std.objectHas($._config.keepFiringFor, "KafkaPartitionLeadersNotPreferred") then { keep_firing_for: $._config.keepFiringFor.KafkaPartitionLeadersNotPreferred } else {}),
        ],
      },
      {
        name: "kafka-consumer-groups",
        rules: [
          {
            alert: "KafkaConsumerGroupLagHigh",
            expr: "(\n  kafka_consumergroup_lag_sum{" + $._config.selector + "} > " + std.toString($._config.lagMessagesWarning) + "\n  unless on (consumergroup) " + $._config.thresholdOverrides.lagMessages + "\n)\nor\n(\n  kafka_consumergroup_lag_sum{" + $._config.selector + "}\n  > on (consumergroup) group_left() " + $._config.thresholdOverrides.lagMessages + "\n)",
            "for": $._config["for"].KafkaConsumerGroupLagHigh,
            labels: {
              severity: "warning",
            },
            annotations: {
              summary: "A Kafka consumer group is falling behind.",
              description: "Consumer group {{ $labels.consumergroup }} is {{ $value | humanize }} messages behind on topic {{ $labels.topic }} (" + std.join('/', ['{{ $labels.' + l + ' }}' for l in $._config.targetLabels]) + "), more than its threshold (" + std.toString($._config.lagMessagesWarning) + " unless " + $._config.thresholdOverrides.lagMessages + " sets one for the group) for " + $._config["for"].KafkaConsumerGroupLagHigh + ".",
              runbook_url: std.strReplace($._config.runbookUrlPattern, '%s', "KafkaConsumerGroupLagHigh"),
            },
          } + (if std.objectHas($._config.keepFiringFor, "KafkaConsumerGroupLagHigh") then { keep_firing_for: $._config.keepFiringFor.KafkaConsumerGroupLagHigh } else {}),
          {
            alert: "KafkaConsumerGroupLagTooOld",
            expr: "(\n  kafka_consumergroup_topic_max_lag_seconds{" + $._config.selector + "} > " + std.toString($._config.lagSecondsWarning) + "\n  unless on (consumergroup) " + $._config.thresholdOverrides.lagSeconds + "\n)\nor\n(\n  kafka_consumergroup_topic_max_lag_seconds{" + $._config.selector + "}\n  > on (consumergroup) group_left() " + $._config.thresholdOverrides.lagSeconds + "\n)",
            "for": $._config["for"].KafkaConsumerGroupLagTooOld,
            labels: {
              severity: "warning",
            },
            annotations: {
              summary: "A Kafka consumer group leaves old messages unread.",
              description: "The oldest message consumer group {{ $labels.consumergroup }} has not consumed on topic {{ $labels.topic }} (" + std.join('/', ['{{ $labels.' + l + ' }}' for l in $._config.targetLabels]) + ") is {{ $value | humanizeDuration }} old, more than " + std.toString($._config.lagSecondsWarning) + "s (unless " + $._config.thresholdOverrides.lagSeconds + " sets another threshold for the group) for " + $._config["for"].KafkaConsumerGroupLagTooOld + ".",
              runbook_url: std.strReplace($._config.runbookUrlPattern, '%s', "KafkaConsumerGroupLagTooOld"),
            },
          } + (if std.objectHas($._config.keepFiringFor, "KafkaConsumerGroupLagTooOld") then { keep_firing_for: $._config.keepFiringFor.KafkaConsumerGroupLagTooOld } else {}),
          {
            alert: "KafkaConsumerGroupStopped",
            expr: "kafka_consumergroup_status{" + $._config.selector + ", status=\"stopped\"} == 1",
            "for": $._config["for"].KafkaConsumerGroupStopped,
            labels: {
              severity: "warning",
            },
            annotations: {
              summary: "A Kafka consumer group has stopped consuming.",
              description: "Consumer group {{ $labels.consumergroup }} (" + std.join('/', ['{{ $labels.' + l + ' }}' for l in $._config.targetLabels]) + ") has no member consuming while messages wait: its consumers are down or were removed.",
              runbook_url: std.strReplace($._config.runbookUrlPattern, '%s', "KafkaConsumerGroupStopped"),
            },
          } + (if std.objectHas($._config.keepFiringFor, "KafkaConsumerGroupStopped") then { keep_firing_for: $._config.keepFiringFor.KafkaConsumerGroupStopped } else {}),
          {
            alert: "KafkaConsumerGroupStalled",
            expr: "kafka_consumergroup_status{" + $._config.selector + ", status=\"stalled\"} == 1",
            "for": $._config["for"].KafkaConsumerGroupStalled,
            labels: {
              severity: "critical",
            },
            annotations: {
              summary: "A Kafka consumer group is stuck.",
              description: "Consumer group {{ $labels.consumergroup }} (" + std.join('/', ['{{ $labels.' + l + ' }}' for l in $._config.targetLabels]) + ") has members assigned to its partitions but its committed offsets do not move while messages wait.",
              runbook_url: std.strReplace($._config.runbookUrlPattern, '%s', "KafkaConsumerGroupStalled"),
            },
          } + (if std.objectHas($._config.keepFiringFor, "KafkaConsumerGroupStalled") then { keep_firing_for: $._config.keepFiringFor.KafkaConsumerGroupStalled } else {}),
          {
            alert: "KafkaConsumerGroupLagging",
            expr: "kafka_consumergroup_status{" + $._config.selector + ", status=\"lagging\"} == 1",
            "for": $._config["for"].KafkaConsumerGroupLagging,
            labels: {
              severity: "warning",
            },
            annotations: {
              summary: "A Kafka consumer group consumes more slowly than producers write.",
              description: "Consumer group {{ $labels.consumergroup }} (" + std.join('/', ['{{ $labels.' + l + ' }}' for l in $._config.targetLabels]) + ") consumes, but its lag has grown beyond its usual ups and downs over the status window: it falls further behind every minute and will not catch up on its own.",
              runbook_url: std.strReplace($._config.runbookUrlPattern, '%s', "KafkaConsumerGroupLagging"),
            },
          } + (if std.objectHas($._config.keepFiringFor, "KafkaConsumerGroupLagging") then { keep_firing_for: $._config.keepFiringFor.KafkaConsumerGroupLagging } else {}),
          {
            alert: "KafkaConsumerGroupRewound",
            expr: "kafka_consumergroup_status{" + $._config.selector + ", status=\"rewound\"} == 1",
            "for": $._config["for"].KafkaConsumerGroupRewound,
            labels: {
              severity: "info",
            },
            annotations: {
              summary: "A Kafka consumer group moved its committed offsets back.",
              description: "Consumer group {{ $labels.consumergroup }} (" + std.join('/', ['{{ $labels.' + l + ' }}' for l in $._config.targetLabels]) + ") committed an offset lower than before within the status window: it re-reads messages it had consumed (an offset reset, or a consumer that commits stale offsets), and downstream sees them twice.",
              runbook_url: std.strReplace($._config.runbookUrlPattern, '%s', "KafkaConsumerGroupRewound"),
            },
          } + (if std.objectHas($._config.keepFiringFor, "KafkaConsumerGroupRewound") then { keep_firing_for: $._config.keepFiringFor.KafkaConsumerGroupRewound } else {}),
          {
            alert: "KafkaConsumerGroupLostMessages",
            expr: "kafka_consumergroup_topic_lost_messages{" + $._config.selector + "} > 0",
            "for": $._config["for"].KafkaConsumerGroupLostMessages,
            labels: {
              severity: "warning",
            },
            annotations: {
              summary: "Retention deleted messages before a Kafka consumer group read them.",
              description: "The committed offsets of consumer group {{ $labels.consumergroup }} on topic {{ $labels.topic }} (" + std.join('/', ['{{ $labels.' + l + ' }}' for l in $._config.targetLabels]) + ") are {{ $value | humanize }} messages below the log start: those messages were deleted before the group read them, and it will skip them when it resumes.",
              runbook_url: std.strReplace($._config.runbookUrlPattern, '%s', "KafkaConsumerGroupLostMessages"),
            },
          } + (if std.objectHas($._config.keepFiringFor, "KafkaConsumerGroupLostMessages") then { keep_firing_for: $._config.keepFiringFor.KafkaConsumerGroupLostMessages } else {}),
        ],
      },
      {
        name: "kafka-streams-groups",
        rules: [
          {
            alert: "KafkaStreamsGroupNotReady",
            expr: "kafka_consumergroup_info{" + $._config.selector + ", protocol=\"streams\", state=\"NOT_READY\"} == 1",
            "for": $._config["for"].KafkaStreamsGroupNotReady,
            labels: {
              severity: "warning",
            },
            annotations: {
              summary: "A Kafka Streams app cannot start processing: its topology's topics are missing or mis-partitioned.",
              description: "Streams group {{ $labels.consumergroup }} (" + std.join('/', ['{{ $labels.' + l + ' }}' for l in $._config.targetLabels]) + ") is NOT_READY: source topics of its topology are missing, or co-partitioned topics have different partition counts, so no task is assigned and nothing is processed.",
              runbook_url: std.strReplace($._config.runbookUrlPattern, '%s', "KafkaStreamsGroupNotReady"),
            },
          } + (if std.objectHas($._config.keepFiringFor, "KafkaStreamsGroupNotReady") then { keep_firing_for: $._config.keepFiringFor.KafkaStreamsGroupNotReady } else {}),
          {
            alert: "KafkaStreamsGroupTopologyMismatch",
            expr: "kafka_streamsgroup_outdated_members{" + $._config.selector + "} > 0",
            "for": $._config["for"].KafkaStreamsGroupTopologyMismatch,
            labels: {
              severity: "warning",
            },
            annotations: {
              summary: "Members of a Kafka Streams app run a topology other than the group's.",
              description: "Streams group {{ $labels.consumergroup }} (" + std.join('/', ['{{ $labels.' + l + ' }}' for l in $._config.targetLabels]) + ") has {{ $value | humanize }} members on another topology epoch than the group's for " + $._config["for"].KafkaStreamsGroupTopologyMismatch + ": a rolling deployment of a changed topology is stuck, or instances of an old version still run.",
              runbook_url: std.strReplace($._config.runbookUrlPattern, '%s', "KafkaStreamsGroupTopologyMismatch"),
            },
          } + (if std.objectHas($._config.keepFiringFor, "KafkaStreamsGroupTopologyMismatch") then { keep_firing_for: $._config.keepFiringFor.KafkaStreamsGroupTopologyMismatch } else {}),
        ],
      },
      {
        name: "kafka-share-groups",
        rules: [
          {
            alert: "KafkaShareGroupLagHigh",
            expr: "kafka_sharegroup_topic_lag{" + $._config.selector + "} > " + std.toString($._config.lagMessagesWarning),
            "for": $._config["for"].KafkaShareGroupLagHigh,
            labels: {
              severity: "warning",
            },
            annotations: {
              summary: "A Kafka share group is falling behind.",
              description: "Share group {{ $labels.sharegroup }} has {{ $value | humanize }} records not yet acknowledged on topic {{ $labels.topic }} (" + std.join('/', ['{{ $labels.' + l + ' }}' for l in $._config.targetLabels]) + "), more than " + std.toString($._config.lagMessagesWarning) + " for " + $._config["for"].KafkaShareGroupLagHigh + ".",
              runbook_url: std.strReplace($._config.runbookUrlPattern, '%s', "KafkaShareGroupLagHigh"),
            },
          } + (if std.objectHas($._config.keepFiringFor, "KafkaShareGroupLagHigh") then { keep_firing_for: $._config.keepFiringFor.KafkaShareGroupLagHigh } else {}),
          {
            alert: "KafkaShareGroupNoMembers",
            expr: "kafka_sharegroup_max_lag{" + $._config.selector + "} > 0 and on (" + std.join(', ', $._config.targetLabels) + ", sharegroup) kafka_sharegroup_members{" + $._config.selector + "} == 0",
            "for": $._config["for"].KafkaShareGroupNoMembers,
            labels: {
              severity: "warning",
            },
            annotations: {
              summary: "A Kafka share group has records waiting and no member to read them.",
              description: "Share group {{ $labels.sharegroup }} (" + std.join('/', ['{{ $labels.' + l + ' }}' for l in $._config.targetLabels]) + ") has {{ $value | humanize }} records waiting on its most behind partition and no member: its consumers are down or were removed.",
              runbook_url: std.strReplace($._config.runbookUrlPattern, '%s', "KafkaShareGroupNoMembers"),
            },
          } + (if std.objectHas($._config.keepFiringFor, "KafkaShareGroupNoMembers") then { keep_firing_for: $._config.keepFiringFor.KafkaShareGroupNoMembers } else {}),
        ],
      },
      {
        name: "kafka-transactions",
        rules: [
          {
            alert: "KafkaTransactionHanging",
            expr: "kafka_topic_max_open_transaction_age_seconds{" + $._config.selector + "} > " + std.toString($._config.openTransactionAgeWarning),
            "for": $._config["for"].KafkaTransactionHanging,
            labels: {
              severity: "warning",
            },
            annotations: {
              summary: "A Kafka transaction has been open too long and blocks read_committed consumers.",
              description: "The oldest open transaction on topic {{ $labels.topic }} (" + std.join('/', ['{{ $labels.' + l + ' }}' for l in $._config.targetLabels]) + ") began {{ $value | humanizeDuration }} ago, more than " + std.toString($._config.openTransactionAgeWarning) + "s: read_committed consumers of its partition are held at its first offset until it commits or aborts.",
              runbook_url: std.strReplace($._config.runbookUrlPattern, '%s', "KafkaTransactionHanging"),
            },
          } + (if std.objectHas($._config.keepFiringFor, "KafkaTransactionHanging") then { keep_firing_for: $._config.keepFiringFor.KafkaTransactionHanging } else {}),
        ],
      },
      {
        name: "kafka-topics",
        rules: [
          {
            alert: "KafkaTopicNoMessages",
            expr: "max by (" + std.join(', ', $._config.targetLabels) + ", topic) (changes(kafka_topic_current_offset{" + $._config.selector + ", topic!~\"__.*\"}[" + $._config.topicSilence + "])) == 0\nand on (" + std.join(', ', $._config.targetLabels) + ", topic)\nmax by (" + std.join(', ', $._config.targetLabels) + ", topic) (changes(kafka_topic_current_offset{" + $._config.selector + ", topic!~\"__.*\"}[" + $._config.topicTrafficMemory + "])) > 0",
            "for": $._config["for"].KafkaTopicNoMessages,
            labels: {
              severity: "warning",
            },
            annotations: {
              summary: "A Kafka topic stopped receiving messages.",
              description: "No message was written to topic {{ $labels.topic }} (" + std.join('/', ['{{ $labels.' + l + ' }}' for l in $._config.targetLabels]) + ") for " + $._config.topicSilence + ", although it had traffic within the last " + $._config.topicTrafficMemory + ": its producers stopped or cannot write.",
              runbook_url: std.strReplace($._config.runbookUrlPattern, '%s', "KafkaTopicNoMessages"),
            },
          } + (if std.objectHas($._config.keepFiringFor, "KafkaTopicNoMessages") then { keep_firing_for: $._config.keepFiringFor.KafkaTopicNoMessages } else {}),
        ],
      },
      {
        name: "kafka-log-dirs",
        rules: [
          {
            alert: "KafkaLogDirOffline",
            expr: "kafka_log_dir_online{" + $._config.selector + "} == 0",
            "for": $._config["for"].KafkaLogDirOffline,
            labels: {
              severity: "critical",
            },
            annotations: {
              summary: "A Kafka log directory is offline.",
              description: "Log directory {{ $labels.log_dir }} of broker {{ $labels.broker_id }} (" + std.join('/', ['{{ $labels.' + l + ' }}' for l in $._config.targetLabels]) + ") is offline: the broker took it out after an I/O error, so its replicas there are offline on that broker and the partitions they belong to are under-replicated or offline.",
              runbook_url: std.strReplace($._config.runbookUrlPattern, '%s', "KafkaLogDirOffline"),
            },
          } + (if std.objectHas($._config.keepFiringFor, "KafkaLogDirOffline") then { keep_firing_for: $._config.keepFiringFor.KafkaLogDirOffline } else {}),
          {
            alert: "KafkaLogDirNearlyFull",
            expr: "kafka_log_dir_usable_bytes{" + $._config.selector + "} / kafka_log_dir_total_bytes{" + $._config.selector + "} < 0.1",
            "for": $._config["for"].KafkaLogDirNearlyFull,
            labels: {
              severity: "warning",
            },
            annotations: {
              summary: "A Kafka log directory is nearly full.",
              description: "Log directory {{ $labels.log_dir }} of broker {{ $labels.broker_id }} (" + std.join('/', ['{{ $labels.' + l + ' }}' for l in $._config.targetLabels]) + ") has {{ $value | humanizePercentage }} of its volume left, less than 10%: when it fills up the broker takes the directory offline and its replicas with it.",
              runbook_url: std.strReplace($._config.runbookUrlPattern, '%s', "KafkaLogDirNearlyFull"),
            },
          } + (if std.objectHas($._config.keepFiringFor, "KafkaLogDirNearlyFull") then { keep_firing_for: $._config.keepFiringFor.KafkaLogDirNearlyFull } else {}),
          {
            alert: "KafkaLogDirFillingUp",
            expr: "kafka_log_dir_usable_bytes{" + $._config.selector + "} / kafka_log_dir_total_bytes{" + $._config.selector + "} < 0.4\nand predict_linear(kafka_log_dir_usable_bytes{" + $._config.selector + "}[6h], 24 * 3600) < 0",
            "for": $._config["for"].KafkaLogDirFillingUp,
            labels: {
              severity: "warning",
            },
            annotations: {
              summary: "A Kafka log directory will be full within a day at the current rate.",
              description: "Log directory {{ $labels.log_dir }} of broker {{ $labels.broker_id }} (" + std.join('/', ['{{ $labels.' + l + ' }}' for l in $._config.targetLabels]) + ") has {{ $value | humanizePercentage }} of its volume left and, at the rate of the last 6h, will be full within 24 hours.",
              runbook_url: std.strReplace($._config.runbookUrlPattern, '%s', "KafkaLogDirFillingUp"),
            },
          } + (if std.objectHas($._config.keepFiringFor, "KafkaLogDirFillingUp") then { keep_firing_for: $._config.keepFiringFor.KafkaLogDirFillingUp } else {}),
        ],
      },
      {
        name: "kafkascope-exporter",
        rules: [
          {
            alert: "KafkascopeDown",
            expr: "up{" + $._config.selector + "} == 0\nor absent(up{" + $._config.selector + "})",
            "for": $._config["for"].KafkascopeDown,
            labels: {
              severity: "warning",
            },
            annotations: {
              summary: "Prometheus cannot scrape kafkascope.",
              description: "The kafkascope target " + std.join('/', ['{{ $labels.' + l + ' }}' for l in $._config.targetLabels]) + " is down or missing: no Kafka alert can fire while Prometheus cannot scrape it.",
              runbook_url: std.strReplace($._config.runbookUrlPattern, '%s', "KafkascopeDown"),
            },
          } + (if std.objectHas($._config.keepFiringFor, "KafkascopeDown") then { keep_firing_for: $._config.keepFiringFor.KafkascopeDown } else {}),
          {
            alert: "KafkascopeKafkaUnreachable",
            expr: "kafkascope_up{" + $._config.selector + "} == 0",
            "for": $._config["for"].KafkascopeKafkaUnreachable,
            labels: {
              severity: "critical",
            },
            annotations: {
              summary: "kafkascope cannot read the Kafka cluster metadata.",
              description: "kafkascope " + std.join('/', ['{{ $labels.' + l + ' }}' for l in $._config.targetLabels]) + " has not been able to read the metadata of its Kafka cluster for " + $._config["for"].KafkascopeKafkaUnreachable + ": Kafka is down or unreachable from the exporter, and every Kafka metric it serves is getting older.",
              runbook_url: std.strReplace($._config.runbookUrlPattern, '%s', "KafkascopeKafkaUnreachable"),
            },
          } + (if std.objectHas($._config.keepFiringFor, "KafkascopeKafkaUnreachable") then { keep_firing_for: $._config.keepFiringFor.KafkascopeKafkaUnreachable } else {}),
          {
            alert: "KafkascopeCollectorFailing",
            expr: "kafkascope_collector_success{" + $._config.selector + "} == 0",
            "for": $._config["for"].KafkascopeCollectorFailing,
            labels: {
              severity: "warning",
            },
            annotations: {
              summary: "A kafkascope collector keeps failing.",
              description: "Collector {{ $labels.collector }} of kafkascope " + std.join('/', ['{{ $labels.' + l + ' }}' for l in $._config.targetLabels]) + " has failed in every poll for " + $._config["for"].KafkascopeCollectorFailing + ": the metrics it collects are missing or old. The exporter's log names the failing request and broker.",
              runbook_url: std.strReplace($._config.runbookUrlPattern, '%s', "KafkascopeCollectorFailing"),
            },
          } + (if std.objectHas($._config.keepFiringFor, "KafkascopeCollectorFailing") then { keep_firing_for: $._config.keepFiringFor.KafkascopeCollectorFailing } else {}),
          {
            alert: "KafkascopeDataStale",
            expr: "kafkascope_data_age_seconds{" + $._config.selector + "} > " + std.toString($._config.pollIntervalSeconds * $._config.staleAfterPolls),
            "for": $._config["for"].KafkascopeDataStale,
            labels: {
              severity: "warning",
            },
            annotations: {
              summary: "kafkascope serves old Kafka data.",
              description: "kafkascope " + std.join('/', ['{{ $labels.' + l + ' }}' for l in $._config.targetLabels]) + " serves Kafka data that is {{ $value | humanizeDuration }} old, more than " + std.toString($._config.staleAfterPolls) + " poll intervals of " + std.toString($._config.pollIntervalSeconds) + "s: polls fail or take longer than the interval.",
              runbook_url: std.strReplace($._config.runbookUrlPattern, '%s', "KafkascopeDataStale"),
            },
          } + (if std.objectHas($._config.keepFiringFor, "KafkascopeDataStale") then { keep_firing_for: $._config.keepFiringFor.KafkascopeDataStale } else {}),
        ],
      },
      {
        name: "kafka-quorum",
        rules: [
          {
            alert: "KafkaQuorumVoterNotFetching",
            expr: "kafka_quorum_replica_last_fetch_age_seconds{" + $._config.selector + ", role=\"voter\"} > 30\nor (kafka_quorum_replica_info{" + $._config.selector + ", role=\"voter\"} unless kafka_quorum_replica_last_fetch_age_seconds{" + $._config.selector + ", role=\"voter\"})",
            "for": $._config["for"].KafkaQuorumVoterNotFetching,
            labels: {
              severity: "warning",
            },
            annotations: {
              summary: "A KRaft controller voter is not fetching from the quorum leader.",
              description: "Voter {{ $labels.replica_id }} of the KRaft quorum of " + std.join('/', ['{{ $labels.' + l + ' }}' for l in $._config.targetLabels]) + " has not fetched the metadata log from the leader for more than 30s, or not since the leader was elected: it is down, partitioned or stuck, and the quorum tolerates one failure less.",
              runbook_url: std.strReplace($._config.runbookUrlPattern, '%s', "KafkaQuorumVoterNotFetching"),
            },
          } + (if std.objectHas($._config.keepFiringFor, "KafkaQuorumVoterNotFetching") then { keep_firing_for: $._config.keepFiringFor.KafkaQuorumVoterNotFetching } else {}),
          {
            alert: "KafkaQuorumVoterLagging",
            expr: "kafka_quorum_replica_last_caught_up_age_seconds{" + $._config.selector + ", role=\"voter\"} > 60\nunless kafka_quorum_replica_last_fetch_age_seconds{" + $._config.selector + ", role=\"voter\"} > 30",
            "for": $._config["for"].KafkaQuorumVoterLagging,
            labels: {
              severity: "warning",
            },
            annotations: {
              summary: "A KRaft controller voter is not keeping up with the quorum leader.",
              description: "Voter {{ $labels.replica_id }} of the KRaft quorum of " + std.join('/', ['{{ $labels.' + l + ' }}' for l in $._config.targetLabels]) + " fetches but was last caught up with the leader's metadata log {{ $value | humanizeDuration }} ago: it cannot take over as leader without replaying the difference, and the quorum is one slow voter from losing its majority.",
              runbook_url: std.strReplace($._config.runbookUrlPattern, '%s', "KafkaQuorumVoterLagging"),
            },
          } + (if std.objectHas($._config.keepFiringFor, "KafkaQuorumVoterLagging") then { keep_firing_for: $._config.keepFiringFor.KafkaQuorumVoterLagging } else {}),
          {
            alert: "KafkaQuorumMajorityUnreachable",
            expr: "count by (" + std.join(', ', $._config.targetLabels) + ") (kafka_quorum_replica_last_fetch_age_seconds{" + $._config.selector + ", role=\"voter\"} <= 30)\n< on (" + std.join(', ', $._config.targetLabels) + ") floor(count by (" + std.join(', ', $._config.targetLabels) + ") (kafka_quorum_replica_info{" + $._config.selector + ", role=\"voter\"}) / 2) + 1",
            "for": $._config["for"].KafkaQuorumMajorityUnreachable,
            labels: {
              severity: "critical",
            },
            annotations: {
              summary: "Fewer KRaft controller voters are reachable than a majority needs.",
              description: "Only {{ $value }} voter(s) of the KRaft quorum of " + std.join('/', ['{{ $labels.' + l + ' }}' for l in $._config.targetLabels]) + " fetched from the leader within 30s, fewer than a majority of its voters: the leader is about to resign, and no new one can be elected until voters come back.",
              runbook_url: std.strReplace($._config.runbookUrlPattern, '%s', "KafkaQuorumMajorityUnreachable"),
            },
          } + (if std.objectHas($._config.keepFiringFor, "KafkaQuorumMajorityUnreachable") then { keep_firing_for: $._config.keepFiringFor.KafkaQuorumMajorityUnreachable } else {}),
        ],
      },
    ],
  },
}
