package org.deeplake4j.spark;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.write.BatchWrite;
import org.apache.spark.sql.connector.write.DataWriter;
import org.apache.spark.sql.connector.write.DataWriterFactory;
import org.apache.spark.sql.connector.write.LogicalWriteInfo;
import org.apache.spark.sql.connector.write.PhysicalWriteInfo;
import org.apache.spark.sql.connector.write.SupportsTruncate;
import org.apache.spark.sql.connector.write.Write;
import org.apache.spark.sql.connector.write.WriteBuilder;
import org.apache.spark.sql.connector.write.WriterCommitMessage;
import org.apache.spark.sql.types.StructType;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.Fragment;
import org.deeplake4j.engine.FragmentWriter;
import org.deeplake4j.engine.OpenOptions;
import org.deeplake4j.engine.WritePlan;
import org.deeplake4j.engine.WriteTransaction;
import org.deeplake4j.engine.errors.CommitStateUnknownException;
import org.deeplake4j.engine.errors.DeepLakeException;
import org.deeplake4j.spark.SparkWriteTypes.ColumnPlan;
import org.deeplake4j.spark.SparkWriteTypes.ColumnWriter;

/**
 * A batch write of a DataFrame into a Deep Lake dataset: one job is one {@link WriteTransaction}.
 * The driver begins it when the job starts (creating the dataset from the DataFrame's columns when
 * there is none) and ships its serializable {@link WritePlan}; each task attempt writes a {@link
 * Fragment} ({@link FragmentWriter}) and returns it as its commit message; the driver commits the
 * fragments of the attempts Spark chose, in partition order, at once ({@link
 * WriteTransaction.Mode#APPEND} or, for {@code mode("overwrite")}, {@link
 * WriteTransaction.Mode#OVERWRITE}), with a Deep Lake commit when {@code commitMessage} is given.
 * Chunks of failed or speculative attempts are deleted by the commit; a failed job aborts the
 * transaction (its chunks deleted; a dataset the job created is deleted again).
 */
final class DeepLakeWrite {
  private static final System.Logger LOG = System.getLogger(DeepLakeWrite.class.getName());

  private DeepLakeWrite() {}

  /** The write builder of a table ({@link SupportsTruncate}: {@code mode("overwrite")}). */
  static final class Builder implements WriteBuilder, SupportsTruncate {
    private final DeepLakeWriteOptions options;
    private final StructType schema;
    private final List<ColumnPlan> plans;
    private boolean overwrite;

    Builder(Map<String, String> tableOptions, LogicalWriteInfo info) {
      Map<String, String> merged = new LinkedHashMap<>(tableOptions);
      for (Map.Entry<String, String> e : info.options().asCaseSensitiveMap().entrySet()) {
        merged.keySet().removeIf(k -> k.equalsIgnoreCase(e.getKey()));
        merged.put(e.getKey(), e.getValue());
      }
      this.options = DeepLakeWriteOptions.parse(merged);
      this.schema = info.schema();
      this.plans = SparkWriteTypes.plan(schema, options); // type errors before any task runs
    }

    @Override
    public WriteBuilder truncate() {
      overwrite = true;
      return this;
    }

    @Override
    public Write build() {
      return new Write() {
        @Override
        public String description() {
          return "deeplake " + (overwrite ? "overwrite " : "append ") + options.path();
        }

        @Override
        public BatchWrite toBatch() {
          return new Batch(options, schema, plans, overwrite);
        }
      };
    }
  }

  /** The driver's side of one job: the transaction. */
  static final class Batch implements BatchWrite {
    private final DeepLakeWriteOptions options;
    private final boolean overwrite;
    private final WriteTransaction tx;
    private final List<ColumnWriter> writers;
    private boolean ended;
    private boolean outcomeUnknown;

    Batch(
        DeepLakeWriteOptions options,
        StructType schema,
        List<ColumnPlan> plans,
        boolean overwrite) {
      this.options = options;
      this.overwrite = overwrite;
      try {
        this.tx =
            WriteTransaction.begin(
                options.path(), options.openOptions(), SparkWriteTypes.schema(plans), null);
      } catch (DeepLakeException e) {
        throw DeepLakeErrors.cannotWrite(options.path(), options.branch(), e);
      }
      try {
        this.writers = SparkWriteTypes.bind(plans, schema, tx.dataset());
      } catch (RuntimeException e) {
        end(true); // nothing was written: abort (a dataset this job created goes again)
        throw e;
      }
    }

    /** The transaction's plan (what the tasks write for). */
    WritePlan plan() {
      return tx.plan();
    }

    @Override
    public DataWriterFactory createBatchWriterFactory(PhysicalWriteInfo info) {
      return new Factory(tx.plan(), writers);
    }

    @Override
    public boolean useCommitCoordinator() {
      return true; // one committed attempt per partition
    }

    @Override
    public synchronized void commit(WriterCommitMessage[] messages) {
      List<Message> ms = new ArrayList<>();
      for (WriterCommitMessage m : messages) {
        if (m != null) {
          ms.add((Message) m);
        }
      }
      ms.sort(Comparator.comparingInt(Message::partition));
      List<Fragment> fragments = new ArrayList<>();
      for (Message m : ms) {
        fragments.add(m.fragment());
      }
      WriteTransaction.CommitResult r;
      try {
        r =
            tx.commit(
                fragments,
                overwrite ? WriteTransaction.Mode.OVERWRITE : WriteTransaction.Mode.APPEND,
                options.commitMessage());
      } catch (CommitStateUnknownException e) {
        outcomeUnknown = true;
        throw DeepLakeErrors.cannotWrite(
            options.path(),
            options.branch(),
            new DeepLakeException(
                e.getMessage()
                    + " (the commit's outcome is unknown: the written chunks are kept; transaction "
                    + tx.plan().transactionId()
                    + ")",
                e));
      } catch (DeepLakeException e) {
        throw DeepLakeErrors.cannotWrite(options.path(), options.branch(), e);
      }
      ended = true;
      tx.close();
      LOG.log(
          System.Logger.Level.INFO,
          "deeplake write to {0} committed transaction {1}: {2} rows in {3} fragments, version"
              + " {4}{5}",
          options.path(),
          r.transactionId(),
          r.rows(),
          fragments.size(),
          r.version(),
          r.commitId() == null ? "" : ", commit " + r.commitId());
    }

    @Override
    public synchronized void abort(WriterCommitMessage[] messages) {
      if (ended) {
        return;
      }
      end(!outcomeUnknown);
    }

    /** Ends the transaction: aborts it (deleting its chunks) unless {@code delete} is false. */
    private void end(boolean delete) {
      ended = true;
      boolean aborted = false;
      try {
        if (delete) {
          tx.abort();
          aborted = true;
        }
      } catch (RuntimeException e) {
        LOG.log(
            System.Logger.Level.WARNING,
            "deeplake write to " + options.path() + ": abort failed: " + e);
      } finally {
        tx.close();
      }
      if (aborted && tx.createdDataset()) {
        try {
          Dataset.delete(options.path()); // the job created it: nothing of it stays
        } catch (RuntimeException e) {
          LOG.log(
              System.Logger.Level.WARNING,
              "deeplake write: cannot delete " + options.path() + ": " + e);
        }
      }
    }

    @Override
    public String toString() {
      return "deeplake write " + tx.plan();
    }
  }

  /** A task attempt's commit message: its fragment, for partition {@code partition}. */
  record Message(int partition, long taskId, Fragment fragment) implements WriterCommitMessage {}

  /** Ships the plan and the column conversions to the tasks. */
  record Factory(WritePlan plan, List<ColumnWriter> writers) implements DataWriterFactory {
    Factory {
      writers = List.copyOf(writers);
    }

    @Override
    public DataWriter<InternalRow> createWriter(int partitionId, long taskId) {
      return new Task(plan, writers, partitionId, taskId);
    }
  }

  /** One task attempt: writes its rows into one fragment. */
  static final class Task implements DataWriter<InternalRow> {
    private final FragmentWriter writer;
    private final List<ColumnWriter> columns;
    private final List<Map<String, Long>> labelIndexes = new ArrayList<>();
    private final int partition;
    private final long taskId;
    private long rows;

    Task(WritePlan plan, List<ColumnWriter> columns, int partition, long taskId) {
      this.columns = columns;
      this.partition = partition;
      this.taskId = taskId;
      for (ColumnWriter c : columns) {
        labelIndexes.add(c.kind() == SparkWriteTypes.Kind.CLASS_NAME ? c.labelIndex() : null);
      }
      this.writer = FragmentWriter.open(plan, OpenOptions.defaults());
    }

    @Override
    public void write(InternalRow row) {
      Map<String, Object> values = new LinkedHashMap<>();
      String where = null;
      for (int i = 0; i < columns.size(); i++) {
        ColumnWriter c = columns.get(i);
        if (where == null) {
          where = "partition " + partition + ", row " + rows;
        }
        values.put(c.column(), c.value(row, labelIndexes.get(i), where));
      }
      writer.append(values);
      rows++;
    }

    @Override
    public WriterCommitMessage commit() {
      return new Message(partition, taskId, writer.finish());
    }

    @Override
    public void abort() {
      writer.abort();
    }

    @Override
    public void close() {
      writer.close(); // aborts unless finished
    }

    @Override
    public String toString() {
      return "deeplake write task " + partition + "/" + taskId + " (" + rows + " rows)";
    }
  }
}
