import java.io.File;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXParseException;

/**
 * Validates XML files against an XML Schema with the JDK's own validator (no dependency to download), for the
 * SDMX-ML tests: `java ValidateXsd.java <schema.xsd> <file.xml>...`. Prints each error with its line and
 * "valid" or the error count; exits 0 only when every file is valid.
 */
public class ValidateXsd {
  public static void main(String[] args) throws Exception {
    SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
    Validator validator = factory.newSchema(new File(args[0])).newValidator();
    int[] errors = {0};
    validator.setErrorHandler(new ErrorHandler() {
      public void warning(SAXParseException e) {}

      public void error(SAXParseException e) {
        errors[0]++;
        System.out.println("line " + e.getLineNumber() + ", column " + e.getColumnNumber() + ": " + e.getMessage());
      }

      public void fatalError(SAXParseException e) throws SAXParseException {
        throw e;
      }
    });
    for (int i = 1; i < args.length; i++) validator.validate(new StreamSource(new File(args[i])));
    System.out.println(errors[0] == 0 ? "valid" : errors[0] + " errors");
    System.exit(errors[0] == 0 ? 0 : 1);
  }
}
