package io.strata.jobs.maintain;

import static java.util.Objects.requireNonNull;

import io.strata.layout.LakeLayout;
import io.strata.layout.LakeLocation;
import io.strata.layout.LakeNames;
import io.strata.layout.Layer;
import io.strata.layout.StrataException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * What the lake holds, found by listing it rather than from the config: data of a source or
 * entity that was since removed from the config still ages out and still gets vacuumed.
 */
final class LakeInventory {
  /** One area of the lake; {@code name} is its path under the lake root, e.g. {@code raw/shop_db/customers}. */
  record Area(String name, LakeLocation location) {}

  private final LakeLayout layout;
  private final Configuration hadoop;

  LakeInventory(LakeLayout layout, Configuration hadoop) {
    this.layout = requireNonNull(layout, "layout is null");
    this.hadoop = requireNonNull(hadoop, "hadoop is null");
  }

  /** Every {@code raw/<source>/<entity>} folder. */
  List<Area> rawEntities() {
    List<Area> areas = new ArrayList<>();
    for (String source : folders(layout.layer(Layer.RAW))) {
      for (String entity : folders(layout.rawSource(source))) {
        areas.add(area(layout.rawEntity(source, entity)));
      }
    }
    return areas;
  }

  /** Every {@code quarantine/raw/<source>} folder (Parquet, partitioned like raw). */
  List<Area> rawQuarantines() {
    return areas(layout.quarantine(Layer.RAW).uri(), name -> layout.quarantine(Layer.RAW, name), false);
  }

  /** The Delta tables of the processed and curated layers. */
  List<Area> dataTables() {
    List<Area> tables = new ArrayList<>(areas(layout.layer(Layer.PROCESSED).uri(), layout::processed, true));
    tables.addAll(areas(layout.layer(Layer.CURATED).uri(), layout::curated, true));
    return tables;
  }

  /** The Delta quarantine tables of the process and model stages, which hold an {@code ingest_date} column. */
  List<Area> quarantineTables() {
    List<Area> tables = new ArrayList<>(areas(layout.quarantine(Layer.PROCESSED).uri(),
        name -> layout.quarantine(Layer.PROCESSED, name), true));
    tables.addAll(areas(layout.quarantine(Layer.CURATED).uri(), name -> layout.quarantine(Layer.CURATED, name), true));
    return tables;
  }

  /** The Delta tables under {@code _runs}: the run log and the quality results. */
  List<Area> runTables() {
    return areas(layout.layer(Layer.RUN_LOG).uri(), layout::runLog, true);
  }

  /** The curated tables that keep change-feed watermarks ({@code _state/model/<table>}): the change feeds' consumers. */
  List<String> modelStates() {
    return folders(layout.state("model"));
  }

  private List<Area> areas(String parent, Function<String, LakeLocation> locate, boolean deltaOnly) {
    List<Area> areas = new ArrayList<>();
    for (String name : folders(parent)) {
      LakeLocation location = locate.apply(name);
      if (!deltaOnly || isDelta(location)) {
        areas.add(area(location));
      }
    }
    return areas;
  }

  private List<String> folders(LakeLocation parent) {
    return folders(parent.uri());
  }

  /** The child folders of {@code parent} whose names are lake names; the rest was not written by Strata. */
  private List<String> folders(String parent) {
    Path path = new Path(parent);
    try {
      FileSystem fs = path.getFileSystem(hadoop);
      List<String> names = new ArrayList<>();
      for (FileStatus child : fs.listStatus(path)) {
        if (child.isDirectory() && LakeNames.isValid(child.getPath().getName())) {
          names.add(child.getPath().getName());
        }
      }
      names.sort(String::compareTo);
      return names;
    } catch (FileNotFoundException e) {
      return List.of();
    } catch (IOException e) {
      throw new StrataException("cannot list " + parent + ": " + e.getMessage(), e);
    }
  }

  private boolean isDelta(LakeLocation location) {
    Path log = new Path(location.uri(), "_delta_log");
    try {
      return log.getFileSystem(hadoop).exists(log);
    } catch (IOException e) {
      throw new StrataException("cannot read " + log + ": " + e.getMessage(), e);
    }
  }

  private Area area(LakeLocation location) {
    return new Area(location.uri().substring(layout.root().uri().length() + 1), location);
  }
}
