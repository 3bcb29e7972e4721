import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.semanticweb.HermiT.Configuration;
import org.semanticweb.HermiT.ReasonerFactory;
import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.io.FileDocumentSource;
import org.semanticweb.owlapi.io.OWLParserFactory;
import org.semanticweb.owlapi.io.RDFParserMetaData;
import org.semanticweb.owlapi.io.UnparsableOntologyException;
import org.semanticweb.owlapi.model.*;
import org.semanticweb.owlapi.model.parameters.Imports;
import org.semanticweb.owlapi.profiles.OWL2DLProfile;
import org.semanticweb.owlapi.profiles.OWLProfileViolation;
import org.semanticweb.owlapi.reasoner.OWLReasoner;

/**
 * natokg's OWL API check: loads an ontology as Protégé would (the OWL API's parsers, imports
 * through an OASIS catalog, never the network), then reports what a reviewer asks of it.
 *
 * <p>Usage: {@code OntologyCheck [--catalog FILE] [--langs en,fr] [--reason] [--data FILE]...
 * [--instances CLASS-IRI]... ONTOLOGY}. The report is one record a line, fields separated by a
 * tab, the first field naming the record (see tests/checkers/__init__.py, which reads it).
 * Exit status: 0 when the checks ran (the caller judges the records), 2 when the ontology or a
 * data file could not be loaded.
 */
public final class OntologyCheck {
    /** Vocabularies whose terms the project does not label itself. */
    private static final List<String> FOREIGN = List.of(
            "http://www.w3.org/", "http://purl.org/dc/", "http://xmlns.com/foaf/",
            "http://schema.org/", "https://schema.org/", "http://purl.org/vocab/vann/");

    /**
     * The parsers tried, by format: the syntaxes ontologies and their data are written in. The
     * others (OBO, TriX, KRSS, DL syntax, RDFa, HDT, binary RDF) take almost any text for theirs
     * and return an empty or garbled ontology instead of the real parser's error.
     */
    private static final Set<String> SYNTAXES = Set.of(
            "RDF/XML", "RDF/XML Syntax", "Turtle", "Turtle Syntax", "OWL/XML Syntax",
            "OWL Functional Syntax", "Manchester OWL Syntax", "N-Triples", "N-Quads", "TriG",
            "N3", "JSON-LD", "RDF/JSON");

    private static final List<String> logged = new ArrayList<>();

    private OntologyCheck() {}

    public static void main(String[] args) {
        try {
            check(args);
        } catch (Throwable e) { // a bug or a missing jar, not a verdict on the ontology
            e.printStackTrace();
            record("internal-error", e);
            System.exit(3);
        }
    }

    private static void check(String[] args) throws Exception {
        listenToLogs();
        Path ontologyFile = null;
        Path catalogFile = null;
        List<Path> dataFiles = new ArrayList<>();
        List<String> langs = List.of("en", "fr");
        List<IRI> instancesOf = new ArrayList<>();
        boolean reason = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--catalog" -> catalogFile = Path.of(args[++i]);
                case "--langs" -> langs = List.of(args[++i].split(","));
                case "--reason" -> reason = true;
                case "--data" -> dataFiles.add(Path.of(args[++i]));
                case "--instances" -> instancesOf.add(IRI.create(args[++i]));
                default -> {
                    if (args[i].startsWith("-") || ontologyFile != null) {
                        usage("unexpected argument " + args[i]);
                    }
                    ontologyFile = Path.of(args[i]);
                }
            }
        }
        if (ontologyFile == null) {
            usage("no ontology file");
        }
        if (catalogFile == null) {
            Path beside = ontologyFile.toAbsolutePath().resolveSibling("catalog-v001.xml");
            catalogFile = beside.toFile().isFile() ? beside : null;
        }
        Map<String, IRI> catalog = catalogFile == null ? Map.of() : readCatalog(catalogFile);
        record("catalog", catalogFile == null ? "-" : catalogFile.toString(), catalog.size());

        OWLOntologyManager manager = OWLManager.createOWLOntologyManager();
        List<OWLParserFactory> lenient = new ArrayList<>();
        for (OWLParserFactory parser : manager.getOntologyParsers()) {
            if (!SYNTAXES.contains(parser.getSupportedFormat().getKey())) {
                lenient.add(parser);
            }
        }
        lenient.forEach(manager.getOntologyParsers()::remove);
        manager.getIRIMappers().set(iri -> {
            IRI document = catalog.get(iri.toString());
            String scheme = String.valueOf(iri.getScheme()).toLowerCase();
            if (document == null && List.of("http", "https", "ftp").contains(scheme)) {
                return IRI.create("file:/nonexistent/natokg-offline"); // never the network
            }
            return document;
        });
        manager.setOntologyLoaderConfiguration(manager.getOntologyLoaderConfiguration()
                .setMissingImportHandlingStrategy(MissingImportHandlingStrategy.SILENT));
        manager.addMissingImportListener(
                event -> record("unresolved-import", event.getImportedOntologyURI()));

        OWLOntology ontology;
        try {
            ontology = manager.loadOntologyFromOntologyDocument(
                    new FileDocumentSource(ontologyFile.toFile()));
        } catch (UnparsableOntologyException e) {
            e.getExceptions().forEach((parser, error) -> record("parse-error",
                    parser.getSupportedFormat().getKey(), oneLine(error.getMessage())));
            System.exit(2);
            return;
        } catch (OWLOntologyCreationException | OWLRuntimeException e) {
            record("load-error", oneLine(e.getMessage()));
            System.exit(2);
            return;
        }
        OWLDocumentFormat format = manager.getOntologyFormat(ontology);
        record("format", format == null ? "-" : format.getKey());
        record("ontology", ontology.getOntologyID().getOntologyIRI().map(IRI::toString).orElse("-"));
        for (OWLOntology imported : ontology.getImports()) {
            record("import", imported.getOntologyID().getOntologyIRI().map(IRI::toString).orElse("-"),
                    document(manager.getOntologyDocumentIRI(imported)));
        }
        record("counts", "classes=" + ontology.classesInSignature(Imports.INCLUDED).count(),
                "individuals=" + ontology.individualsInSignature(Imports.INCLUDED).count(),
                "axioms=" + ontology.getAxiomCount(Imports.INCLUDED),
                "logical=" + ontology.getLogicalAxiomCount(Imports.INCLUDED));

        logged.forEach(message -> record("parse-warning", message));
        for (OWLOntology part : ontology.getImportsClosure()) {
            rdfWarnings(manager.getOntologyFormat(part));
        }
        new OWL2DLProfile().checkOntology(ontology).getViolations().stream()
                .map(OWLProfileViolation::toString).map(OntologyCheck::oneLine).distinct().sorted()
                .forEach(violation -> record("dl-violation", violation));
        checkLabels(ontology, langs);

        if (reason || !dataFiles.isEmpty() || !instancesOf.isEmpty()) {
            OWLOntology target = dataFiles.isEmpty() ? ontology : merged(manager, ontology, dataFiles);
            runHermit(target, instancesOf);
        }
        record("done");
        System.exit(0);
    }

    /** The entities of the ontology itself (not its imports) lacking a label, overall and per language. */
    private static void checkLabels(OWLOntology ontology, List<String> langs) {
        Set<IRI> own = ontology.signature()
                .filter(entity -> !entity.isBuiltIn() && !entity.isOWLDatatype())
                .map(OWLEntity::getIRI)
                .filter(iri -> FOREIGN.stream().noneMatch(iri.toString()::startsWith))
                .collect(Collectors.toCollection(TreeSet::new));
        record("labels-checked", own.size());
        for (IRI iri : own) {
            Set<String> languages = ontology.importsClosure()
                    .flatMap(part -> part.annotationAssertionAxioms(iri))
                    .filter(axiom -> axiom.getProperty().isLabel())
                    .map(axiom -> axiom.getValue().asLiteral()
                            .map(literal -> literal.getLang().toLowerCase().split("-")[0]).orElse(""))
                    .collect(Collectors.toSet());
            if (languages.isEmpty()) {
                record("unlabelled", "*", iri);
            }
            for (String lang : langs) {
                if (!languages.contains(lang)) {
                    record("unlabelled", lang, iri);
                }
            }
        }
    }

    /** Triples the RDF parsers could not turn into axioms, and entities whose type they guessed. */
    private static void rdfWarnings(OWLDocumentFormat format) {
        if (format == null || format.getOntologyLoaderMetaData().isEmpty()) {
            return;
        }
        if (format.getOntologyLoaderMetaData().get() instanceof RDFParserMetaData meta) {
            meta.getUnparsedTriples().forEach(t -> record("parse-warning", "unparsed triple " + t));
            meta.getGuessedDeclarations().asMap().forEach((iri, kinds) -> record("parse-warning",
                    "undeclared " + iri + " guessed as " + kinds.stream().map(Class::getSimpleName)
                            .sorted().collect(Collectors.joining("/"))));
        }
    }

    /**
     * One ontology with the axioms of the imports closure and of each data file; a data file is
     * parsed into a copy of the declarations, so its properties are typed as the ontology types them.
     */
    private static OWLOntology merged(OWLOntologyManager manager, OWLOntology ontology, List<Path> data)
            throws OWLOntologyCreationException {
        Set<OWLAxiom> declarations = ontology.importsClosure()
                .flatMap(part -> part.axioms(AxiomType.DECLARATION)).collect(Collectors.toSet());
        Set<IRI> known = ontology.importsClosure().flatMap(OWLOntology::signature)
                .map(OWLEntity::getIRI).collect(Collectors.toCollection(HashSet::new));
        OWLOntology all = manager.createOntology(ontology.importsClosure().flatMap(OWLOntology::axioms));
        for (Path file : data) {
            OWLOntology parsed = null;
            List<String> errors = new ArrayList<>();
            for (OWLParserFactory parser : manager.getOntologyParsers()) {
                OWLOntology attempt = manager.createOntology(declarations);
                try {
                    OWLDocumentFormat format = parser.createParser().parse(
                            new FileDocumentSource(file.toFile()), attempt,
                            manager.getOntologyLoaderConfiguration());
                    record("data", file, format.getKey(), attempt.getAxiomCount() - declarations.size());
                    parsed = attempt;
                    break;
                } catch (RuntimeException e) {
                    errors.add(parser.getSupportedFormat().getKey() + ": " + oneLine(e.getMessage()));
                    manager.removeOntology(attempt);
                }
            }
            if (parsed == null) {
                errors.forEach(error -> record("parse-error", file, error));
                System.exit(2);
            }
            parsed.signature()
                    .filter(e -> !e.isOWLNamedIndividual() && !e.isBuiltIn() && !known.contains(e.getIRI()))
                    .map(e -> e.getEntityType() + " " + e.getIRI()).sorted()
                    .forEach(unknown -> record("undeclared-in-data", unknown));
            manager.addAxioms(all, parsed.axioms());
            manager.removeOntology(parsed);
        }
        return all;
    }

    /** HermiT through the OWL API: consistency, unsatisfiable classes, instances of the asked classes. */
    private static void runHermit(OWLOntology target, List<IRI> instancesOf) {
        Configuration configuration = new Configuration();
        configuration.ignoreUnsupportedDatatypes = true; // e.g. xsd:gYear in the data
        OWLReasoner reasoner = null;
        try {
            reasoner = new ReasonerFactory().createReasoner(target, configuration);
            if (!reasoner.isConsistent()) {
                record("reasoner", "inconsistent");
                return;
            }
            record("reasoner", "consistent");
            reasoner.getUnsatisfiableClasses().getEntitiesMinusBottom().stream()
                    .map(c -> c.getIRI().toString()).sorted()
                    .forEach(iri -> record("unsatisfiable", iri));
            OWLDataFactory factory = target.getOWLOntologyManager().getOWLDataFactory();
            for (IRI cls : instancesOf) {
                reasoner.getInstances(factory.getOWLClass(cls), false).entities()
                        .map(i -> i.getIRI().toString()).sorted()
                        .forEach(individual -> record("instance", cls, individual));
            }
        } catch (RuntimeException e) {
            record("reasoner", "error", e.getClass().getSimpleName() + ": " + e.getMessage());
        } finally {
            if (reasoner != null) {
                reasoner.dispose();
            }
        }
    }

    /** The catalog's {@code uri} entries (also inside groups), resolved against its folder. */
    private static Map<String, IRI> readCatalog(Path file) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        var entries = factory.newDocumentBuilder().parse(file.toFile()).getElementsByTagNameNS("*", "uri");
        Map<String, IRI> catalog = new HashMap<>();
        for (int i = 0; i < entries.getLength(); i++) {
            var entry = (org.w3c.dom.Element) entries.item(i);
            File target = file.toAbsolutePath().getParent().resolve(entry.getAttribute("uri")).toFile();
            catalog.put(entry.getAttribute("name"), IRI.create(target));
        }
        return catalog;
    }

    /** The OWL API logs parser warnings through slf4j (bound to java.util.logging): keep them. */
    private static void listenToLogs() {
        Logger root = Logger.getLogger("");
        for (Handler handler : root.getHandlers()) {
            root.removeHandler(handler);
        }
        root.addHandler(new Handler() {
            @Override
            public void publish(LogRecord entry) {
                if (entry.getLevel().intValue() >= Level.WARNING.intValue()) {
                    logged.add(oneLine(entry.getMessage()));
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        });
    }

    /** A document IRI, a local file written as file:///path. */
    private static String document(IRI iri) {
        return "file".equals(iri.getScheme()) ? Path.of(iri.toURI()).toUri().toString() : iri.toString();
    }

    private static void record(Object... fields) {
        System.out.println(java.util.Arrays.stream(fields).map(f -> oneLine(String.valueOf(f)))
                .collect(Collectors.joining("\t")));
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s+", " ").strip();
    }

    private static void usage(String problem) {
        System.err.println("OntologyCheck: " + problem);
        System.exit(2);
    }
}
