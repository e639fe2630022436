package org.deeplake4j.engine;

import java.util.List;
import org.deeplake4j.engine.internal.read.DatasetReader;
import org.deeplake4j.engine.internal.read.TensorReader;

/**
 * A dataset handle as the read layer sees it ({@link DatasetReader}), so that TQL and the row
 * filters ({@code org.deeplake4j.engine.filter}) read tensor readers and never the public handles.
 * Every call answers for the dataset's current state. Public only for the filter package: not API.
 */
public record ReadView(Dataset dataset) implements DatasetReader {

  @Override
  public String path() {
    return dataset.path();
  }

  @Override
  public String nodeId() {
    return dataset.nodeId();
  }

  @Override
  public List<String> tensorNames() {
    return dataset.tensorNames();
  }

  @Override
  public boolean hasTensor(String name) {
    return dataset.hasTensor(name);
  }

  @Override
  public TensorReader tensor(String name) {
    return dataset.tensor(name).reader();
  }

  @Override
  public long length() {
    return dataset.length();
  }
}
