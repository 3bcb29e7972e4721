import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFLanguages;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.riot.RiotException;
import org.apache.jena.shacl.ShaclValidator;
import org.apache.jena.shacl.Shapes;
import org.apache.jena.shacl.ValidationReport;
import org.apache.jena.shacl.validation.ReportEntry;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.DatasetGraphFactory;
import org.apache.jena.sparql.graph.GraphFactory;
import org.apache.jena.sparql.path.PathWriter;
import org.apache.jena.sparql.util.FmtUtils;
import org.apache.jena.sys.JenaSystem;

/**
 * natokg's second SHACL engine: Apache Jena validates data files against a shapes file.
 *
 * <p>Usage: {@code ShaclCheck [--per-graph] SHAPES DATA...}. The data files are read into one
 * dataset; its default graph and named graphs are validated as one union graph (as pyshacl
 * does), or each on its own with {@code --per-graph}. The report is one record a line, fields
 * separated by a tab: {@code graph NAME TRIPLES CONFORMS}, then a {@code result} record per
 * validation result (severity, focus, path, value, constraint component, shape, message), terms
 * written as in N-Triples. Exit status: 0 when validation ran, 2 when a file could not be read.
 */
public final class ShaclCheck {
    private ShaclCheck() {}

    public static void main(String[] args) {
        JenaSystem.init();
        boolean perGraph = false;
        List<String> files = new ArrayList<>();
        for (String arg : args) {
            if (arg.equals("--per-graph")) {
                perGraph = true;
            } else {
                files.add(arg);
            }
        }
        if (files.size() < 2) {
            System.err.println("ShaclCheck: need a shapes file and at least one data file");
            System.exit(2);
        }
        try {
            DatasetGraph shapesFile = read(files.get(0), DatasetGraphFactory.create());
            Shapes shapes = Shapes.parse(shapesFile.getDefaultGraph());
            record("shapes", files.get(0), shapes.numShapes());
            DatasetGraph data = DatasetGraphFactory.create();
            for (String file : files.subList(1, files.size())) {
                read(file, data);
            }
            for (Map.Entry<String, Graph> graph : graphs(data, perGraph).entrySet()) {
                ValidationReport report = ShaclValidator.get().validate(shapes, graph.getValue());
                record("graph", graph.getKey(), graph.getValue().size(), report.conforms());
                for (ReportEntry entry : report.getEntries()) {
                    record("result", graph.getKey(), entry.severity().level().getLocalName(),
                            term(entry.focusNode()),
                            entry.resultPath() == null ? "-" : PathWriter.asString(entry.resultPath()),
                            term(entry.value()), term(entry.sourceConstraintComponent()),
                            term(entry.source()), entry.message());
                }
            }
        } catch (RuntimeException e) { // e.g. shapes Jena cannot parse
            record("load-error", files.get(0), e.getClass().getSimpleName() + ": " + e.getMessage());
            System.exit(2);
        }
        record("done");
        System.exit(0);
    }

    /** Reads a file into the dataset; a syntax error ends the run, naming the file and line. */
    private static DatasetGraph read(String file, DatasetGraph into) {
        try {
            RDFParser.source(file).forceLang(lang(file)).parse(into);
            return into;
        } catch (RiotException e) {
            record("load-error", file, e.getMessage());
            System.exit(2);
            return into;
        }
    }

    /** The graphs to validate, by name ("" for the default graph or the union). */
    private static Map<String, Graph> graphs(DatasetGraph data, boolean perGraph) {
        Map<String, Graph> graphs = new LinkedHashMap<>();
        List<Node> names = new ArrayList<>();
        data.listGraphNodes().forEachRemaining(names::add);
        if (!perGraph) {
            Graph union = GraphFactory.createDefaultGraph();
            data.find().forEachRemaining(quad -> union.add(quad.asTriple()));
            graphs.put("", union);
            return graphs;
        }
        if (!data.getDefaultGraph().isEmpty()) {
            graphs.put("", data.getDefaultGraph());
        }
        for (Node name : names) {
            graphs.put(name.getURI(), data.getGraph(name));
        }
        return graphs;
    }

    /** The syntax of a file, by its extension; JSON-LD 1.0, since Debian lacks JSON-P for 1.1. */
    private static Lang lang(String file) {
        Lang lang = RDFLanguages.filenameToLang(file, Lang.TURTLE);
        return lang == Lang.JSONLD ? Lang.JSONLD10 : lang;
    }

    private static String term(Node node) {
        return node == null ? "-" : FmtUtils.stringForNode(node);
    }

    private static void record(Object... fields) {
        System.out.println(java.util.Arrays.stream(fields)
                .map(field -> field == null ? "" : String.valueOf(field).replaceAll("\\s+", " ").strip())
                .collect(Collectors.joining("\t")));
    }
}
